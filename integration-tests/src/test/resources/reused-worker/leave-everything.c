// Job A of ReusedWorkerIsolationTest: leaves behind everything it can on its worker, for job B (the next job on
// the same worker) to look for. argv[1] is the test's token (every name carries it), argv[2] a loopback TCP port.
// Prints "PLANTED <what>" for each trace it left, "CANNOT <what> <errno>" for one it could not, "JOBDIR <path>"
// (where its /sandbox comes from on the worker) and "LEFT" once everything is in place; then its main process
// exits 0 and leaves the rest running.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *token;
static char name[256];

static const char *named(const char *format) {
    snprintf(name, sizeof name, format, token);
    return name;
}

static long planted(const char *what, long rc) {
    if (rc < 0) printf("CANNOT %s %s\n", what, strerrorname_np(errno));
    else printf("PLANTED %s\n", what);
    return rc;
}

static long file_of(const char *path, long bytes) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0) return -1;
    static char mib[1 << 20];
    memset(mib, 'A', sizeof mib);
    for (long written = 0; written < bytes;) {
        ssize_t n = write(fd, mib, bytes - written < (long) sizeof mib ? (size_t) (bytes - written) : sizeof mib);
        if (n <= 0) {
            close(fd);
            return -1;
        }
        written += n;
    }
    fchmod(fd, 0666);
    close(fd);
    return 0;
}

static int listening_unix(const char *path, int abstract) {
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    size_t length = strlen(path);
    memcpy(sa.sun_path + (abstract ? 1 : 0), path, length);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    socklen_t size = (socklen_t) (offsetof(struct sockaddr_un, sun_path) + length + 1);
    if (fd < 0 || bind(fd, (struct sockaddr *) &sa, size) != 0 || listen(fd, 8) != 0) return -1;
    return fd;
}

static int listening_tcp(int family, int port) {
    struct sockaddr_storage sa;
    memset(&sa, 0, sizeof sa);
    socklen_t len;
    if (family == AF_INET) {
        struct sockaddr_in *v4 = (struct sockaddr_in *) &sa;
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = sizeof *v4;
    } else {
        struct sockaddr_in6 *v6 = (struct sockaddr_in6 *) &sa;
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        v6->sin6_addr = in6addr_loopback;
        len = sizeof *v6;
    }
    int fd = socket(family, SOCK_STREAM, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *) &sa, len) != 0 || listen(fd, 8) != 0) return -1;
    return fd;
}

/* A child that names itself and then runs BODY; the parent goes on. */
static void spawn(const char *comm, void (*body)(void)) {
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_NAME, comm);
        body();
        _exit(0);
    }
    if (pid < 0) printf("CANNOT fork %s %s\n", comm, strerrorname_np(errno));
}

static void sleep_forever(void) {
    for (;;) pause();
}

/* fork, setsid, fork again: a daemon whose parent is gone, in a session of its own, deaf to the usual signals. */
static void double_fork(void) {
    setsid();
    if (fork() != 0) _exit(0);
    prctl(PR_SET_NAME, "fenrir-daemon");
    signal(SIGHUP, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGINT, SIG_IGN);
    sleep_forever();
}

static void stop_self(void) {
    raise(SIGSTOP);
    sleep_forever();
}

/* Every member forks its successor and exits at once: no pid lives long. */
static void chain(void) {
    setsid();
    for (;;) {
        pid_t next = fork();
        if (next > 0) _exit(0);
        if (next < 0) usleep(1000);
    }
}

static void busy(void) {
    setsid();
    signal(SIGTERM, SIG_IGN);
    for (volatile unsigned long i = 0;; i++) {
        if ((i & 0xfffff) == 0) usleep(10 * 1000);
    }
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 3) {
        printf("usage: leave-everything TOKEN PORT\n");
        return 2;
    }
    token = argv[1];
    int port = atoi(argv[2]);

    FILE *mounts = fopen("/proc/self/mountinfo", "r");
    char line[1024];
    while (mounts != NULL && fgets(line, sizeof line, mounts) != NULL) {
        char root[512], point[512];
        if (sscanf(line, "%*s %*s %*s %511s %511s", root, point) == 2 && strcmp(point, "/sandbox") == 0) {
            printf("JOBDIR %s\n", root);
        }
    }
    if (mounts != NULL) fclose(mounts);

    // Files in every place the job can write, and in the usual ones it perhaps cannot.
    const char *places[] = {"/sandbox", "/tmp", "/dev/shm", "/", "/dev", "/var/tmp", "/run", "/home", "/root"};
    char path[512], what[600];
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        if (strcmp(places[i], "/var/tmp") == 0) {
            mkdir("/var", 0777);
            mkdir("/var/tmp", 01777);
        }
        snprintf(path, sizeof path, "%s/%s", strcmp(places[i], "/") == 0 ? "" : places[i], token);
        snprintf(what, sizeof what, "file %s", path);
        planted(what, file_of(path, 4096));
    }
    snprintf(path, sizeof path, "/sandbox/%s-dir", token);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "/sandbox/%s-dir/deeper", token);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "/sandbox/%s-dir/deeper/%s", token, token);
    snprintf(what, sizeof what, "file %s", path);
    planted(what, file_of(path, 4096));
    // Big ones (each just under the largest fileBytes, 64 MiB): on /tmp (a tmpfs of this step's size) and in the
    // job's directory (on the worker's own tmpfs, which the next job's directory shares).
    snprintf(path, sizeof path, "/tmp/%s-huge", token);
    snprintf(what, sizeof what, "huge %s 60 MiB", path);
    planted(what, file_of(path, 60L << 20));
    snprintf(path, sizeof path, "/sandbox/%s-huge", token);
    snprintf(what, sizeof what, "huge %s 60 MiB", path);
    planted(what, file_of(path, 60L << 20));

    key_t key = (key_t) strtoul(token, NULL, 16);
    int shm = (int) planted("sysv-shm", shmget(key, 1 << 20, IPC_CREAT | 0666));
    if (shm >= 0) {
        char *pages = shmat(shm, NULL, 0);
        if (pages != (void *) -1) memset(pages, 'S', 1 << 20);
    }
    int sem = (int) planted("sysv-sem", semget(key, 1, IPC_CREAT | 0666));
    if (sem >= 0) semctl(sem, 0, SETVAL, 7);
    int msg = (int) planted("sysv-msg", msgget(key, IPC_CREAT | 0666));
    if (msg >= 0) {
        struct {
            long type;
            char text[64];
        } message = {1, "left by job A"};
        msgsnd(msg, &message, sizeof message.text, IPC_NOWAIT);
    }
    mqd_t queue = mq_open(named("/%s"), O_CREAT | O_RDWR, 0666, NULL);
    planted("posix-mq", queue == (mqd_t) -1 ? -1 : 0);
    if (queue != (mqd_t) -1) mq_send(queue, "left by job A", 13, 0);

    planted("abstract-socket", listening_unix(named("%s"), 1));
    snprintf(path, sizeof path, "/sandbox/%s.sock", token);
    snprintf(what, sizeof what, "path-socket %s", path);
    planted(what, listening_unix(path, 0));
    snprintf(path, sizeof path, "/tmp/%s.sock", token);
    snprintf(what, sizeof what, "path-socket %s", path);
    planted(what, listening_unix(path, 0));
    snprintf(what, sizeof what, "tcp 127.0.0.1:%d", port);
    planted(what, listening_tcp(AF_INET, port));
    snprintf(what, sizeof what, "tcp [::1]:%d", port);
    planted(what, listening_tcp(AF_INET6, port));

    // The processes inherit every descriptor above: they hold the sockets, queues and mappings open.
    spawn("fenrir-dfork", double_fork);
    spawn("fenrir-stopped", stop_self);
    spawn("fenrir-chain", chain);
    spawn("fenrir-busy", busy);
    usleep(200 * 1000);
    printf("PLANTED processes fenrir-daemon fenrir-stopped fenrir-chain fenrir-busy\n");
    printf("LEFT\n");
    return 0;
}
