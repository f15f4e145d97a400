// fenrir-attack: a stack overflow that is a crash, not a memory limit: the program lowers its own stack limit to 8 MiB, then recurses without end; the kernel ends it with SIGSEGV at 8 MiB, far below memoryMb (256), and the verdict must name the crash (RUNTIME_ERROR, signal 11), not a limit of the sandbox
// expect-verdict: RUNTIME_ERROR
// expect-field: signal=11
// limits: cpuMs=10000 wallMs=20000 memoryMb=256
#include <stdio.h>
#include <sys/resource.h>

static long recurse(long level) {
    volatile char page[4096];
    page[0] = 1;
    page[sizeof page - 1] = (char) level;
    long below = recurse(level + 1);
    return below + page[0];
}

int main(void) {
    struct rlimit limit = {8 << 20, 8 << 20};
    if (setrlimit(RLIMIT_STACK, &limit) != 0) {
        perror("setrlimit");
        return 2;
    }
    fprintf(stderr, "stack may grow to %llu bytes\n", (unsigned long long) limit.rlim_cur);
    return (int) recurse(0);
}
