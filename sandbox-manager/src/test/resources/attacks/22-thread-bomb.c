// fenrir-attack: thread bomb: creates sleeping threads until the kernel refuses; threads count against the step cgroup's pids limit (64), so pthread_create fails with EAGAIN before 64 and the program exits 0
// expect-verdict: OK
// expect-stdout: DENIED pthread_create EAGAIN
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=256 pids=64
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void *sleeper(void *unused) {
    (void) unused;
    for (;;) pause();
    return NULL;
}

int main(void) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 << 10); // small stacks: the pids limit, not memory, must stop it
    int threads = 0, error;
    pthread_t thread;
    while ((error = pthread_create(&thread, &attr, sleeper, NULL)) == 0 && threads < 100000) {
        threads++;
    }
    printf("%s pthread_create %s after %d threads\n", threads < 64 ? "DENIED" : "ESCAPED",
           error ? strerrorname_np(error) : "none", threads);
    printf("DONE\n");
    fflush(stdout);
    _exit(0);
}
