// fenrir-attack: flushes every file system of the host in a loop, which stalls the I/O of every other tenant: sync() and syncfs() on the job's directory, /tmp and the read-only rootfs, each by raw syscall() (also with junk arguments, which sync ignores), 200 times over; the job seccomp filter (and the worker's, which has neither call) answers EPERM every time, so not one flush happens
// expect-verdict: OK
// expect-stdout: DENIED sync EPERM
// expect-stdout: DENIED sync(junk args) EPERM
// expect-stdout: DENIED syncfs(/sandbox) EPERM
// expect-stdout: DENIED syncfs(/tmp) EPERM
// expect-stdout: DENIED syncfs(/usr) EPERM
// expect-stdout: loop: 0 of 400 calls succeeded
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *what, long rc) {
    int error = errno;
    if (rc < 0) printf("DENIED %s %s\n", what, strerrorname_np(error));
    else printf("ESCAPED %s returned %ld\n", what, rc);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    report("sync", syscall(SYS_sync));
    report("sync(junk args)", syscall(SYS_sync, 1L << 40, -1L, 0x5555L));
    const char *paths[] = {"/sandbox", "/tmp", "/usr"};
    int fds[3];
    char what[64];
    for (int i = 0; i < 3; i++) {
        fds[i] = open(paths[i], O_RDONLY | O_DIRECTORY);
        snprintf(what, sizeof what, "syncfs(%s)", paths[i]);
        if (fds[i] < 0) printf("cannot open %s: %s\n", paths[i], strerrorname_np(errno));
        else report(what, syscall(SYS_syncfs, fds[i]));
    }
    int succeeded = 0;
    for (int round = 0; round < 200; round++) {
        if (syscall(SYS_sync) == 0) succeeded++;
        if (fds[2] >= 0 && syscall(SYS_syncfs, (long) fds[2] | (1L << 32)) == 0) succeeded++;
    }
    printf("loop: %d of 400 calls succeeded\n", succeeded);
    if (succeeded > 0) printf("ESCAPED %d flushes of the host's file systems\n", succeeded);
    printf("DONE\n");
    return 0;
}
