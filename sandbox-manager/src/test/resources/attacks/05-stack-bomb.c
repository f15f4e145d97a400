// fenrir-attack: stack bomb: unbounded recursion touching every page of every frame; the stack rlimit equals memoryMb (as on judges, a deep recursion may use all of the memory), and the program's other unswappable memory (page tables, data, heap) comes on top, so the memory cgroup fills before the rlimit is reached and its OOM killer ends the program
// expect-verdict: MEMORY_LIMIT
// expect-stdout: stack rlimit 256 MiB
// limits: cpuMs=10000 wallMs=20000 memoryMb=256
#include <stdio.h>
#include <sys/resource.h>

static long depth(long n) {
    volatile char frame[4096]; // one page per call, written at both ends: the stack really grows
    frame[0] = (char) n;
    frame[sizeof frame - 1] = (char) n;
    return depth(n + 1) + frame[0]; // not a tail call
}

int main(int argc, char **argv) {
    (void) argv;
    struct rlimit stack;
    getrlimit(RLIMIT_STACK, &stack);
    printf("stack rlimit %llu MiB\n", (unsigned long long) stack.rlim_cur >> 20);
    fflush(stdout);
    return (int) depth(argc);
}
