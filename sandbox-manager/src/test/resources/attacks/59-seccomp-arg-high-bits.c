// fenrir-attack: slips past the job seccomp filter's argument checks: the kernel reads int arguments from the low 32 bits of their registers, seccomp compares all 64, so a rule "deny when level == SOL_SOCKET" misses level = SOL_SOCKET + 2^32; tries setsockopt SO_SNDBUF/SO_RCVBUF/SO_SNDBUFFORCE/SO_RCVBUFFORCE with junk above the level and above the option name (and checks with getsockopt whether the buffer really grew), socket(AF_NETLINK) with junk above the family, and clone(CLONE_NEWUSER/NEWNS/NEWNET) with junk above the flags; every one must be refused as its plain form is
// expect-verdict: OK
// expect-stdout: DENIED setsockopt(SO_SNDBUF) EPERM
// expect-stdout: DENIED setsockopt(SO_RCVBUF) EPERM
// expect-stdout: DENIED setsockopt(level+2^32,SO_SNDBUF)
// expect-stdout: DENIED setsockopt(SO_RCVBUF+2^32)
// expect-stdout: DENIED socket(AF_NETLINK+2^32) EAFNOSUPPORT
// expect-stdout: DENIED clone(CLONE_NEWUSER+2^32) EPERM
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define HIGH (1L << 32)

static int buffer(int fd, int option) {
    int value = 0;
    socklen_t len = sizeof value;
    getsockopt(fd, SOL_SOCKET, option, &value, &len);
    return value;
}

/* setsockopt by raw syscall with LEVEL and NAME as given; OPTION is what getsockopt reads back. */
static void try_setsockopt(const char *what, int type, long level, long name, int option) {
    int fd = socket(AF_UNIX, type, 0);
    int before = buffer(fd, option);
    int wanted = 8 << 20; // clamped by the kernel to twice net.core.[rw]mem_max, far above the default
    long rc = syscall(SYS_setsockopt, (long) fd, level, name, &wanted, (long) sizeof wanted);
    int error = errno;
    int after = buffer(fd, option);
    if (rc < 0 && after == before) {
        printf("DENIED %s %s (buffer stays %d)\n", what, strerrorname_np(error), after);
    } else if (rc < 0) {
        printf("ESCAPED %s failed (%s) but the buffer went from %d to %d\n", what, strerrorname_np(error), before,
               after);
    } else {
        printf("ESCAPED %s returned %ld: buffer from %d to %d bytes\n", what, rc, before, after);
    }
    close(fd);
}

static void try_clone(const char *what, long flags) {
    long pid = syscall(SYS_clone, flags | SIGCHLD, 0L, 0L, 0L, 0L);
    if (pid == 0) _exit(0);
    int error = errno;
    if (pid > 0) {
        waitpid((pid_t) pid, NULL, 0);
        printf("ESCAPED %s created pid %ld\n", what, pid);
    } else {
        printf("DENIED %s %s\n", what, strerrorname_np(error));
    }
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    try_setsockopt("setsockopt(SO_SNDBUF)", SOCK_STREAM, SOL_SOCKET, SO_SNDBUF, SO_SNDBUF);
    try_setsockopt("setsockopt(SO_RCVBUF)", SOCK_STREAM, SOL_SOCKET, SO_RCVBUF, SO_RCVBUF);
    try_setsockopt("setsockopt(SO_SNDBUFFORCE)", SOCK_STREAM, SOL_SOCKET, SO_SNDBUFFORCE, SO_SNDBUF);
    try_setsockopt("setsockopt(SO_RCVBUFFORCE)", SOCK_STREAM, SOL_SOCKET, SO_RCVBUFFORCE, SO_RCVBUF);
    try_setsockopt("setsockopt(level+2^32,SO_SNDBUF)", SOCK_STREAM, HIGH | SOL_SOCKET, SO_SNDBUF, SO_SNDBUF);
    try_setsockopt("setsockopt(level+2^32,SO_RCVBUF)", SOCK_DGRAM, HIGH | SOL_SOCKET, SO_RCVBUF, SO_RCVBUF);
    try_setsockopt("setsockopt(level-2^32,SO_SNDBUF)", SOCK_DGRAM, (long) (0xffffffff00000000UL | SOL_SOCKET),
                   SO_SNDBUF, SO_SNDBUF);
    try_setsockopt("setsockopt(SO_SNDBUF+2^32)", SOCK_STREAM, SOL_SOCKET, HIGH | SO_SNDBUF, SO_SNDBUF);
    try_setsockopt("setsockopt(SO_RCVBUF+2^32)", SOCK_STREAM, SOL_SOCKET, HIGH | SO_RCVBUF, SO_RCVBUF);
    try_setsockopt("setsockopt(level+2^32,SO_SNDBUFFORCE)", SOCK_STREAM, HIGH | SOL_SOCKET, SO_SNDBUFFORCE,
                   SO_SNDBUF);
    long fd = syscall(SYS_socket, HIGH | AF_NETLINK, (long) SOCK_RAW, 0L);
    if (fd >= 0) printf("ESCAPED socket(AF_NETLINK+2^32) created\n");
    else printf("DENIED socket(AF_NETLINK+2^32) %s\n", strerrorname_np(errno));
    try_clone("clone(CLONE_NEWUSER+2^32)", HIGH | CLONE_NEWUSER);
    try_clone("clone(CLONE_NEWNS+2^32)", HIGH | CLONE_NEWNS);
    try_clone("clone(CLONE_NEWNET+2^32)", HIGH | CLONE_NEWNET);
    printf("DONE\n");
    return 0;
}
