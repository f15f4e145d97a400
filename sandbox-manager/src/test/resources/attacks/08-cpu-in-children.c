// fenrir-attack: the CPU is burnt by two children while the main process only waits; the CPU time of the whole step cgroup counts, so it is a TIME_LIMIT well before the wall limit
// expect-verdict: TIME_LIMIT
// limits: cpuMs=2000 wallMs=30000 memoryMb=64
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    for (int i = 0; i < 2; i++) {
        if (fork() == 0) {
            for (volatile unsigned long spins = 0;; spins++) {
            }
        }
    }
    while (wait(NULL) > 0) {
    }
    return 0;
}
