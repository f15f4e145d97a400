// fenrir-attack: busy orphan: the program double-forks a grandchild that spins forever holding stdout and stderr open, then exits 0; the step ends when the main process exits, the orphan is killed and the job finishes promptly, not at its wall limit
// expect-verdict: OK
// expect-stdout: PARENT EXITS
// expect-wall-under-ms: 5000
// limits: cpuMs=20000 wallMs=20000 memoryMb=64
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int started[2];
    if (pipe(started) != 0) {
        return 2;
    }
    pid_t child = fork();
    if (child == 0) {
        if (fork() == 0) {
            setsid(); // a session of its own, like a daemon
            char one = 1;
            if (write(started[1], &one, 1) != 1) {
                _exit(2);
            }
            for (volatile unsigned long spins = 0;; spins++) {
            }
        }
        _exit(0); // the grandchild is now an orphan
    }
    waitpid(child, NULL, 0);
    char byte;
    if (read(started[0], &byte, 1) != 1) {
        return 2;
    }
    printf("PARENT EXITS, orphan spinning\n");
    return 0;
}
