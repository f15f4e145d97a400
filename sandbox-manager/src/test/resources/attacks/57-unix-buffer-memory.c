// fenrir-attack: pins kernel memory in Unix socket buffers under memoryMb=32: setsockopt SO_SNDBUF and SO_RCVBUF must fail (the job seccomp filter says EPERM), then 16 processes make 120 socketpair(AF_UNIX, SOCK_STREAM) each and write into both ends, never reading, until nothing more goes in (512 MiB in all at most), and hold it all; every socket keeps its default buffer (net.core.wmem_default, about 208 KiB), so 1920 pairs could hold some 780 MiB, but af_unix allocates its buffers as kernel memory charged to the step's cgroup (__GFP_ACCOUNT): the OOM killer ends fillers (they volunteer, oom_score_adj 1000) near the 32 MiB limit and the job is a MEMORY_LIMIT; the parent then counts what the living fillers hold, and more than 64 MiB would mean the buffers are not charged
// expect-verdict: MEMORY_LIMIT|OK
// expect-stdout: DENIED setsockopt(SO_SNDBUF) EPERM
// expect-stdout: DENIED setsockopt(SO_RCVBUF) EPERM
// expect-stdout: QUEUED
// expect-stdout-not: ESCAPED
// limits: cpuMs=20000 wallMs=30000 memoryMb=32
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define FILLERS 16
#define CONNECTIONS 120
#define CAP_MIB 512
#define CHUNK (64 << 10)
#define MEMORY_MIB 32
/* Twice the memory limit: far more than the job may hold. */
#define BOUND_MIB (2 * MEMORY_MIB)

/* One filler's progress, in memory shared with the parent: readable even if the filler is killed. */
struct progress {
    volatile long long queued;
    volatile int connections;
    volatile int error;
    volatile int done;
};

static void try_setsockopt(const char *what, int option) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    int value = 8 << 20;
    if (setsockopt(fd, SOL_SOCKET, option, &value, sizeof value) == 0) printf("ESCAPED %s accepted\n", what);
    else printf("DENIED %s %s\n", what, strerrorname_np(errno));
    close(fd);
}

static long long fill(int fd, const char *chunk) {
    long long total = 0;
    for (;;) {
        ssize_t n = send(fd, chunk, CHUNK, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n <= 0) return total;
        total += n;
    }
}

static void filler(struct progress *me) {
    // First in line for the OOM killer (raising it needs no privilege): the parent lives to print the figures.
    FILE *oom = fopen("/proc/self/oom_score_adj", "w");
    if (oom != NULL) {
        fputs("1000", oom);
        fclose(oom);
    }
    static char chunk[CHUNK];
    memset(chunk, 'b', sizeof chunk);
    int ends[2 * CONNECTIONS];
    int count = 0;
    while (me->connections < CONNECTIONS) {
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, ends + count) != 0) {
            me->error = errno;
            break;
        }
        count += 2;
        me->connections++;
    }
    for (int round = 0; round < 50; round++) {
        long long before = me->queued;
        for (int i = 0; i < count && me->queued < ((long long) CAP_MIB << 20) / FILLERS; i++) {
            me->queued += fill(ends[i], chunk);
        }
        if (me->queued == before && round > 3) break;
        usleep(20 * 1000);
    }
    me->done = 1;
    for (;;) pause(); // holds every buffer until the parent is done
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    try_setsockopt("setsockopt(SO_SNDBUF)", SO_SNDBUF);
    try_setsockopt("setsockopt(SO_RCVBUF)", SO_RCVBUF);
    struct progress *fillers = mmap(NULL, sizeof(struct progress) * FILLERS, PROT_READ | PROT_WRITE,
                                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (fillers == MAP_FAILED) return 2;
    pid_t children[FILLERS];
    for (int i = 0; i < FILLERS; i++) {
        children[i] = fork();
        if (children[i] == 0) filler(&fillers[i]);
    }
    // Until every filler is done or dead, 20 s at most.
    int done = 0, dead = 0;
    for (int tick = 0; tick < 400 && done + dead < FILLERS; tick++) {
        usleep(50 * 1000);
        done = dead = 0;
        for (int i = 0; i < FILLERS; i++) {
            if (children[i] <= 0 || waitpid(children[i], NULL, WNOHANG) == children[i]) {
                children[i] = -1;
                dead++;
            } else if (fillers[i].done) {
                done++;
            }
        }
    }
    // What the fillers still alive hold (a killed one's buffers went with it).
    long long total = 0, most = 0;
    int connections = 0;
    for (int i = 0; i < FILLERS; i++) {
        if (fillers[i].queued > most) most = fillers[i].queued;
        if (children[i] > 0) {
            total += fillers[i].queued;
            connections += fillers[i].connections;
        }
        printf("filler %d: %d connections, %lld KiB queued%s%s%s\n", i, fillers[i].connections,
               fillers[i].queued >> 10, fillers[i].error ? ", stopped by " : "",
               fillers[i].error ? strerrorname_np(fillers[i].error) : "", children[i] < 0 ? ", killed (not counted)" : "");
    }
    printf("fillers done: %d of %d, killed: %d; the most one filler queued: %lld KiB\n", done, FILLERS, dead,
           most >> 10);
    printf("QUEUED %lld MiB in %d Unix socket pairs under memoryMb=%d (%lld KiB a pair)\n", total >> 20,
           connections, MEMORY_MIB, connections > 0 ? (total >> 10) / connections : 0);
    if (total > (long long) BOUND_MIB << 20) {
        printf("ESCAPED %lld MiB held in Unix socket buffers, more than %d MiB\n", total >> 20, BOUND_MIB);
    }
    for (int i = 0; i < FILLERS; i++) {
        if (children[i] > 0) kill(children[i], SIGKILL);
    }
    while (wait(NULL) > 0) {
    }
    printf("DONE\n");
    return 0;
}
