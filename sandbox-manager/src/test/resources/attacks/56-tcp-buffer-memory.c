// fenrir-attack: pins kernel memory in TCP socket buffers under memoryMb=32: setsockopt SO_SNDBUF, SO_RCVBUF, SO_SNDBUFFORCE and SO_RCVBUFFORCE must fail (the job seccomp filter says EPERM), then 8 processes open 100 loopback connections each and write into both ends, never reading, until nothing more goes in, and hold it all; the step's cgroup caps TCP buffers at the memory limit (memory.kmem.tcp.limit_in_bytes; on cgroup v1 they are counted apart from memory.limit_in_bytes), so with the job's ordinary memory the job may hold 2 x 32 MiB in all: more than 64 MiB queued means socket buffers grow with the number of connections, not with the limit (measured on kernel 6.18, cgroup v1: about 128 KiB per connection, 131 MiB here, 430 MiB with 32 processes, the step cgroup's TCP usage 478 MiB against its 32 MiB limit: the kernel force-charges every socket its minimum past the limit)
// expect-verdict: OK
// expect-stdout: DENIED setsockopt(SO_SNDBUF) EPERM
// expect-stdout: DENIED setsockopt(SO_RCVBUF) EPERM
// expect-stdout: DENIED setsockopt(SO_SNDBUFFORCE) EPERM
// expect-stdout: DENIED setsockopt(SO_RCVBUFFORCE) EPERM
// expect-stdout: fillers done: 8 of 8
// expect-stdout: DONE
// expect-stdout: ESCAPED
// expect-stdout-not: accepted
// known-gap: cgroup v1 force-charges every TCP socket its minimum past the step's TCP limit, so loopback buffers grow with the number of connections (docs/security.md, known gaps); cgroup v2 counts them in memory.max
// on-cgroup-v2: expect-verdict: MEMORY_LIMIT|OK
// on-cgroup-v2: expect-stdout: DENIED setsockopt(SO_SNDBUF) EPERM
// on-cgroup-v2: expect-stdout: DENIED setsockopt(SO_RCVBUF) EPERM
// on-cgroup-v2: expect-stdout: DENIED setsockopt(SO_SNDBUFFORCE) EPERM
// on-cgroup-v2: expect-stdout: DENIED setsockopt(SO_RCVBUFFORCE) EPERM
// on-cgroup-v2: expect-stdout: QUEUED
// on-cgroup-v2: expect-stdout: DONE
// on-cgroup-v2: expect-stdout-not: ESCAPED
// on-cgroup-v2: expect-stdout-not: accepted
// on-cgroup-v2: known-gap:
// limits: cpuMs=20000 wallMs=30000 memoryMb=32
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define FILLERS 8
#define CONNECTIONS 100
#define CHUNK (64 << 10)
#define MEMORY_MIB 32
/* The step's TCP limit and its memory limit: all the job may hold (see the header). */
#define BOUND_MIB (2 * MEMORY_MIB)

/* One filler's progress, in memory shared with the parent: readable even if the filler is killed. */
struct progress {
    volatile long long queued;
    volatile int connections;
    volatile int error;
    volatile int done;
};

static void try_setsockopt(const char *what, int option) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
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
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof sa;
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int ends[2 * CONNECTIONS];
    int count = 0;
    if (listener < 0 || bind(listener, (struct sockaddr *) &sa, len) != 0 || listen(listener, CONNECTIONS) != 0
        || getsockname(listener, (struct sockaddr *) &sa, &len) != 0) {
        me->error = errno;
    }
    while (me->error == 0 && me->connections < CONNECTIONS) {
        int client = socket(AF_INET, SOCK_STREAM, 0);
        if (client < 0 || connect(client, (struct sockaddr *) &sa, len) != 0) {
            me->error = errno;
            break;
        }
        int server = accept(listener, NULL, NULL);
        if (server < 0) {
            me->error = errno;
            break;
        }
        ends[count++] = client;
        ends[count++] = server;
        me->connections++;
    }
    // Round after round until nothing more goes in: the receiving side's window opens as data arrives.
    for (int round = 0; round < 50; round++) {
        long long before = me->queued;
        for (int i = 0; i < count; i++) me->queued += fill(ends[i], chunk);
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
    try_setsockopt("setsockopt(SO_SNDBUFFORCE)", SO_SNDBUFFORCE);
    try_setsockopt("setsockopt(SO_RCVBUFFORCE)", SO_RCVBUFFORCE);
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
    printf("QUEUED %lld MiB in %d loopback connections under memoryMb=%d (%lld KiB a connection)\n", total >> 20,
           connections, MEMORY_MIB, connections > 0 ? (total >> 10) / connections : 0);
    if (total > (long long) BOUND_MIB << 20) {
        printf("ESCAPED %lld MiB held in TCP buffers, more than %d MiB\n", total >> 20, BOUND_MIB);
    }
    for (int i = 0; i < FILLERS; i++) {
        if (children[i] > 0) kill(children[i], SIGKILL);
    }
    while (wait(NULL) > 0) {
    }
    printf("DONE\n");
    return 0;
}
