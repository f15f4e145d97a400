// Job B of ReusedWorkerIsolationTest: runs right after job A (leave-everything.c) on the same worker and looks
// for every trace A left, by name (argv[1] is the test's token, argv[2] A's loopback TCP port) and by listing what
// it can see. Prints "FOUND <what>" for a trace, "CLEAN <what>" for a place that holds none, "JOBDIR <path>",
// "PROCESSES <n>", "ALLOCATED <n> MiB" (argv[3] MiB touched: nearly all of its memory limit) and "CHECKED".
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/un.h>
#include <unistd.h>

static const char *token;

static void expect_absent(const char *what, long rc, int expected) {
    if (rc >= 0) printf("FOUND %s\n", what);
    else if (errno != expected) printf("FOUND %s (%s, not %s)\n", what, strerrorname_np(errno), strerrorname_np(expected));
    else printf("CLEAN %s %s\n", what, strerrorname_np(errno));
}

/* Lists DIR; an entry that is not in ALLOWED (NULL-terminated) is a trace. */
static void listing(const char *dir, const char *const *allowed) {
    DIR *d = opendir(dir);
    if (d == NULL) {
        printf("CLEAN listing %s %s\n", dir, strerrorname_np(errno));
        return;
    }
    char entries[2048] = "";
    int foreign = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        int ok = 0;
        for (const char *const *a = allowed; *a != NULL; a++) ok |= strcmp(*a, e->d_name) == 0;
        if (!ok || strstr(e->d_name, token) != NULL) {
            printf("FOUND %s/%s\n", strcmp(dir, "/") == 0 ? "" : dir, e->d_name);
            foreign++;
        }
        if (strlen(entries) + strlen(e->d_name) + 2 < sizeof entries) {
            strcat(entries, " ");
            strcat(entries, e->d_name);
        }
    }
    closedir(d);
    printf("%s listing %s:%s\n", foreign ? "DIRTY" : "CLEAN", dir, entries);
}

static void used(const char *dir, long max_kib) {
    struct statvfs fs;
    if (statvfs(dir, &fs) != 0) {
        printf("FOUND statvfs %s failed: %s\n", dir, strerrorname_np(errno));
        return;
    }
    long used_kib = (long) ((fs.f_blocks - fs.f_bfree) * fs.f_frsize / 1024);
    long size_kib = (long) (fs.f_blocks * fs.f_frsize / 1024);
    printf("%s usage %s: %ld KiB used of %ld KiB\n", used_kib > max_kib ? "FOUND" : "CLEAN", dir, used_kib, size_kib);
}

static int lines_after_header(const char *path) {
    FILE *f = fopen(path, "r");
    if (f == NULL) return -1;
    char line[1024];
    int n = -1;
    while (fgets(line, sizeof line, f) != NULL) n++;
    fclose(f);
    return n;
}

/* TCP sockets in LISTEN state (st 0A) in /proc/net/tcp or tcp6. */
static int listeners(const char *path) {
    FILE *f = fopen(path, "r");
    if (f == NULL) return 0;
    char line[512];
    int n = 0;
    fgets(line, sizeof line, f);
    while (fgets(line, sizeof line, f) != NULL) {
        char state[8];
        if (sscanf(line, "%*s %*s %*s %7s", state) == 1 && strcmp(state, "0A") == 0) n++;
    }
    fclose(f);
    return n;
}

static long connect_unix(const char *name, int abstract) {
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    size_t length = strlen(name);
    memcpy(sa.sun_path + (abstract ? 1 : 0), name, length);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    long rc = connect(fd, (struct sockaddr *) &sa, (socklen_t) (offsetof(struct sockaddr_un, sun_path) + length + 1));
    int error = errno;
    close(fd);
    errno = error;
    return rc;
}

static long connect_tcp(int family, int port) {
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
    long rc = connect(fd, (struct sockaddr *) &sa, len);
    int error = errno;
    close(fd);
    errno = error;
    return rc;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 4) {
        printf("usage: find-leftovers TOKEN PORT MIB\n");
        return 2;
    }
    token = argv[1];
    int port = atoi(argv[2]);
    long mib = atol(argv[3]);
    char path[512], what[600];

    FILE *mounts = fopen("/proc/self/mountinfo", "r");
    char line[1024];
    while (mounts != NULL && fgets(line, sizeof line, mounts) != NULL) {
        char root[512], point[512];
        if (sscanf(line, "%*s %*s %*s %511s %511s", root, point) == 2 && strcmp(point, "/sandbox") == 0) {
            printf("JOBDIR %s\n", root);
        }
    }
    if (mounts != NULL) fclose(mounts);

    // By name: every file A wrote (or tried to), its compile step's file, its sockets on disk.
    const char *places[] = {"/sandbox", "/tmp", "/dev/shm", "", "/dev", "/var/tmp", "/run", "/home", "/root"};
    const char *suffixes[] = {"", "-huge", "-dir", "-compile", ".sock"};
    struct stat st;
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        for (size_t j = 0; j < sizeof suffixes / sizeof suffixes[0]; j++) {
            snprintf(path, sizeof path, "%s/%s%s", places[i], token, suffixes[j]);
            snprintf(what, sizeof what, "stat %s", path);
            expect_absent(what, lstat(path, &st), ENOENT);
        }
    }
    // By listing: the job directory holds this job's own files only; the fresh tmpfs mounts hold nothing.
    const char *job_files[] = {"main.c", "main", NULL};
    const char *nothing[] = {NULL};
    const char *dev[] = {"null", "zero", "full", "random", "urandom", "fd", "stdin", "stdout", "stderr", "shm", NULL};
    const char *root[] = {"usr", "etc", "bin", "sbin", "lib", "lib64", "lib32", "libx32", "proc", "dev", "tmp",
                          "sandbox", NULL};
    listing("/sandbox", job_files);
    listing("/tmp", nothing);
    listing("/dev/shm", nothing);
    listing("/dev", dev);
    listing("/", root);
    used("/tmp", 0);
    used("/dev/shm", 0);
    used("/sandbox", 1024); // this job's source and executable
    struct statvfs fs;
    if (statvfs("/sandbox", &fs) == 0) {
        long free_mib = (long) (fs.f_bavail * fs.f_frsize >> 20);
        printf("%s free /sandbox: %ld MiB\n", free_mib < 120 ? "FOUND" : "CLEAN", free_mib);
    }

    // IPC: by key and by listing.
    key_t key = (key_t) strtoul(token, NULL, 16);
    expect_absent("sysv-shm by key", shmget(key, 0, 0), ENOENT);
    expect_absent("sysv-sem by key", semget(key, 0, 0), ENOENT);
    expect_absent("sysv-msg by key", msgget(key, 0), ENOENT);
    const char *sysv[] = {"/proc/sysvipc/shm", "/proc/sysvipc/sem", "/proc/sysvipc/msg"};
    for (int i = 0; i < 3; i++) {
        int n = lines_after_header(sysv[i]);
        printf("%s %s: %d entries\n", n > 0 ? "FOUND" : "CLEAN", sysv[i], n);
    }
    snprintf(path, sizeof path, "/%s", token);
    mqd_t queue = mq_open(path, O_RDONLY);
    expect_absent("posix-mq by name", queue == (mqd_t) -1 ? -1 : 0, ENOENT);

    // Sockets: A's names, and whatever this network namespace lists.
    expect_absent("abstract-socket", connect_unix(token, 1), ECONNREFUSED);
    snprintf(path, sizeof path, "/sandbox/%s.sock", token);
    expect_absent("path-socket /sandbox", connect_unix(path, 0), ENOENT);
    snprintf(path, sizeof path, "/tmp/%s.sock", token);
    expect_absent("path-socket /tmp", connect_unix(path, 0), ENOENT);
    snprintf(what, sizeof what, "tcp 127.0.0.1:%d", port);
    expect_absent(what, connect_tcp(AF_INET, port), ECONNREFUSED);
    snprintf(what, sizeof what, "tcp [::1]:%d", port);
    expect_absent(what, connect_tcp(AF_INET6, port), ECONNREFUSED);
    int unix_sockets = lines_after_header("/proc/net/unix");
    printf("%s /proc/net/unix: %d sockets\n", unix_sockets > 0 ? "FOUND" : "CLEAN", unix_sockets);
    int tcp = listeners("/proc/net/tcp") + listeners("/proc/net/tcp6");
    printf("%s tcp listeners: %d\n", tcp > 0 ? "FOUND" : "CLEAN", tcp);

    // Processes: its namespace's init (bubblewrap) and itself, nothing else.
    DIR *proc = opendir("/proc");
    int processes = 0;
    for (struct dirent *e; proc != NULL && (e = readdir(proc)) != NULL;) {
        pid_t pid = (pid_t) atoi(e->d_name);
        if (pid <= 0) continue;
        processes++;
        char comm[64] = "?";
        snprintf(path, sizeof path, "/proc/%d/comm", pid);
        FILE *f = fopen(path, "r");
        if (f != NULL) {
            if (fgets(comm, sizeof comm, f) != NULL) comm[strcspn(comm, "\n")] = '\0';
            fclose(f);
        }
        if (pid != 1 && pid != getpid()) printf("FOUND process %d %s\n", pid, comm);
        else printf("process %d %s\n", pid, comm);
    }
    if (proc != NULL) closedir(proc);
    printf("PROCESSES %d\n", processes);

    // Memory: nearly the whole limit, touched page by page.
    long bytes = mib << 20;
    volatile char *heap = malloc((size_t) bytes);
    for (long i = 0; heap != NULL && i < bytes; i += 4096) heap[i] = 'B';
    printf(heap != NULL ? "ALLOCATED %ld MiB\n" : "FOUND malloc of %ld MiB failed\n", mib);
    printf("CHECKED\n");
    return 0;
}
