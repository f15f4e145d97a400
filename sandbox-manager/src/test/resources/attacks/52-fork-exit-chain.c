// fenrir-attack: "pid runners": four chains in each of which every process forks its successor and exits at once, so at most eight exist at a time (far below the pids limit) and no pid lives long enough to be listed and then killed; the main process exits 0 after 200 ms; the step's end must still kill every chain within moments (a chain reports itself if it is alive 500 ms after the main process exited) and the job must finish promptly
// expect-verdict: OK
// expect-stdout: MAIN EXITS
// expect-stdout-not: ESCAPED
// expect-wall-under-ms: 5000
// limits: cpuMs=20000 wallMs=20000 memoryMb=64
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    // Shared with every member of the chain: when the main process exited.
    volatile long long *main_exited_ms = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (main_exited_ms == MAP_FAILED) {
        return 2;
    }
    *main_exited_ms = 0;
    for (int chain = 0; chain < 4; chain++) {
        if (fork() != 0) {
            continue;
        }
        long long generations = 0;
        int reported = 0; // inherited by each successor with the rest of the memory
        for (;;) {
            pid_t successor = fork();
            if (successor > 0) {
                _exit(0);
            }
            if (successor < 0) {
                continue; // no room right now: this member simply lives on and tries again
            }
            generations++;
            long long exited = *main_exited_ms;
            if (!reported && exited != 0 && now_ms() - exited > 500) {
                printf("ESCAPED fork chain %d alive %lld ms after the main process exited, %lld generations\n",
                       chain, now_ms() - exited, generations);
                reported = 1;
            }
        }
    }
    usleep(200 * 1000);
    printf("MAIN EXITS with the chains running\n");
    *main_exited_ms = now_ms();
    return 0;
}
