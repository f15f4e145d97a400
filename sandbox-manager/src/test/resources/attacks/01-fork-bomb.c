// fenrir-attack: fork bomb in C: every process forks in a loop forever; the run step's pids limit makes fork fail with EAGAIN, the main process then exits 0 and the agent kills the rest of the tree at once
// expect-verdict: OK
// expect-stdout: DENIED fork EAGAIN
// expect-stdout: DONE
// expect-wall-under-ms: 10000
// limits: cpuMs=20000 wallMs=20000 memoryMb=256 pids=64
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    pid_t root = getpid();
    long children = 0;
    for (;;) {
        pid_t pid = fork(); // parent and child both go round again: the number of forkers doubles
        if (pid > 0 && getpid() == root) {
            children++;
        }
        if (pid < 0) {
            int error = errno;
            if (getpid() != root) {
                pause(); // the table is full: wait for the kill
            }
            printf("DENIED fork %s after %ld children of the main process\n", strerrorname_np(error), children);
            printf("DONE\n");
            return 0;
        }
    }
}
