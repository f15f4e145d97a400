// fenrir-attack: the same stack bomb under memoryMb=32, below the 64 MiB stack rlimit: the touched stack pages are charged to the memory cgroup, whose OOM killer ends it before the rlimit would
// expect-verdict: MEMORY_LIMIT
// limits: cpuMs=10000 wallMs=20000 memoryMb=32
#include <stdio.h>
#include <sys/resource.h>

static long recurse(long level) {
    volatile char page[4096];
    page[0] = 1;
    page[sizeof page - 1] = (char) level; // both ends: every page of the frame is touched
    long below = recurse(level + 1);
    return below + page[0];
}

int main(void) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_STACK, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_STACK, &limit);
    }
    fprintf(stderr, "stack may grow to %llu bytes\n", (unsigned long long) limit.rlim_cur);
    return (int) recurse(0);
}
