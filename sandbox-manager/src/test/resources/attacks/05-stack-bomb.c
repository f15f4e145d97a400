// fenrir-attack: stack bomb: unbounded recursion touching every page; memoryMb (256) is above the 64 MiB hard stack rlimit, so the stack hits the rlimit first: SIGSEGV, a runtime error, not a memory limit
// expect-verdict: RUNTIME_ERROR
// expect-field: signal=11
// expect-stdout: stack rlimit
// limits: cpuMs=10000 wallMs=20000 memoryMb=256
#include <stdio.h>
#include <sys/resource.h>

static long depth(long n) {
    volatile char frame[4096]; // one page per call, written: the stack really grows
    frame[0] = (char) n;
    return depth(n + 1) + frame[0]; // not a tail call
}

int main(int argc, char **argv) {
    (void) argv;
    struct rlimit stack;
    getrlimit(RLIMIT_STACK, &stack);
    stack.rlim_cur = stack.rlim_max; // as deep as the hard limit allows
    setrlimit(RLIMIT_STACK, &stack);
    printf("stack rlimit %llu MiB\n", (unsigned long long) stack.rlim_max >> 20);
    fflush(stdout);
    return (int) depth(argc);
}
