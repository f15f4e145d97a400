// fenrir-attack: opens sockets of every address family but the three a job needs: AF_VSOCK (reaches the hypervisor whatever the network namespace), AF_ALG (the kernel's crypto API), AF_NETLINK (the kernel's subsystems; the worker's own filter allows it, for bubblewrap), AF_PACKET and every other family 0..63, each by socket() with four types and by socketpair(), and again with junk in the upper 32 bits of the family argument (which the kernel drops); the job seccomp filter answers each with EAFNOSUPPORT (the worker's filter alone says EPERM, and lets AF_NETLINK through), while AF_UNIX, AF_INET and AF_INET6 still carry data over loopback
// expect-verdict: OK
// expect-stdout: DENIED socket(AF_VSOCK) EAFNOSUPPORT
// expect-stdout: DENIED socket(AF_ALG) EAFNOSUPPORT
// expect-stdout: DENIED socket(AF_NETLINK) EAFNOSUPPORT
// expect-stdout: DENIED socket(AF_PACKET) EAFNOSUPPORT
// expect-stdout: DENIED socketpair(AF_NETLINK) EAFNOSUPPORT
// expect-stdout: DENIED socket(AF_NETLINK+2^32) EAFNOSUPPORT
// expect-stdout: WORKS unix socketpair
// expect-stdout: WORKS tcp 127.0.0.1
// expect-stdout: WORKS tcp ::1
// expect-stdout: other families: 0 allowed, 0 denied by something else than EAFNOSUPPORT
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// expect-stdout-not: FAILED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
#ifndef AF_ALG
#define AF_ALG 38
#endif

static const int TYPES[] = {SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET};

/* One family by socket() with every type: the first success is an escape; else the errno of the first refusal. */
static int try_family(long family, const char *name, int quiet) {
    int error = 0;
    for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++) {
        long fd = syscall(SYS_socket, family, TYPES[i], 0);
        if (fd >= 0) {
            printf("ESCAPED socket(%s) type %d created\n", name, TYPES[i]);
            close((int) fd);
            return -1;
        }
        if (error == 0 || error == EAFNOSUPPORT) error = errno; // keep an errno that is not the filter's
    }
    if (!quiet || error != EAFNOSUPPORT) printf("DENIED socket(%s) %s\n", name, strerrorname_np(error));
    return error;
}

static void try_pair(long family, const char *name) {
    int fds[2];
    long rc = syscall(SYS_socketpair, family, SOCK_STREAM, 0, fds);
    if (rc == 0) {
        printf("ESCAPED socketpair(%s) created\n", name);
        close(fds[0]);
        close(fds[1]);
    } else {
        printf("DENIED socketpair(%s) %s\n", name, strerrorname_np(errno));
    }
}

/* A byte there and back over a connected pair: the family is usable, not merely creatable. */
static int round_trip(int a, int b) {
    char c = 0;
    return write(a, "x", 1) == 1 && read(b, &c, 1) == 1 && c == 'x' && write(b, "y", 1) == 1
           && read(a, &c, 1) == 1 && c == 'y';
}

static void tcp_loopback(int family, const char *address) {
    struct sockaddr_storage sa;
    memset(&sa, 0, sizeof sa);
    socklen_t len = family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
    sa.ss_family = (sa_family_t) family;
    void *where = family == AF_INET ? (void *) &((struct sockaddr_in *) &sa)->sin_addr
                                    : (void *) &((struct sockaddr_in6 *) &sa)->sin6_addr;
    inet_pton(family, address, where);
    int listener = socket(family, SOCK_STREAM, 0);
    int client = socket(family, SOCK_STREAM, 0);
    int server = -1;
    if (listener >= 0 && bind(listener, (struct sockaddr *) &sa, len) == 0 && listen(listener, 1) == 0
        && getsockname(listener, (struct sockaddr *) &sa, &len) == 0 && client >= 0
        && connect(client, (struct sockaddr *) &sa, len) == 0 && (server = accept(listener, NULL, NULL)) >= 0
        && round_trip(client, server)) {
        printf("WORKS tcp %s\n", address);
    } else {
        printf("FAILED tcp %s %s\n", address, strerrorname_np(errno));
    }
    close(listener);
    close(client);
    if (server >= 0) close(server);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    try_family(AF_VSOCK, "AF_VSOCK", 0);
    try_family(AF_ALG, "AF_ALG", 0);
    try_family(AF_NETLINK, "AF_NETLINK", 0);
    try_family(AF_PACKET, "AF_PACKET", 0);
    try_pair(AF_NETLINK, "AF_NETLINK");
    try_pair(AF_VSOCK, "AF_VSOCK");
    // The kernel reads the family as an int: these are AF_NETLINK, AF_VSOCK and AF_ALG to it.
    try_family((1L << 32) | AF_NETLINK, "AF_NETLINK+2^32", 0);
    try_family((long) (0xffffffff00000000UL | AF_VSOCK), "AF_VSOCK-2^32", 0);
    try_family((1L << 63) | AF_ALG, "AF_ALG+2^63", 0);
    int allowed = 0, otherwise = 0;
    char name[32];
    for (int family = 0; family < 64; family++) {
        if (family == AF_UNIX || family == AF_INET || family == AF_INET6) continue;
        snprintf(name, sizeof name, "%d", family);
        int error = try_family(family, name, 1);
        if (error < 0) allowed++;
        else if (error != EAFNOSUPPORT) otherwise++;
    }
    printf("other families: %d allowed, %d denied by something else than EAFNOSUPPORT\n", allowed, otherwise);

    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0 && round_trip(pair[0], pair[1])) {
        printf("WORKS unix socketpair\n");
    } else {
        printf("FAILED unix socketpair %s\n", strerrorname_np(errno));
    }
    tcp_loopback(AF_INET, "127.0.0.1");
    tcp_loopback(AF_INET6, "::1");
    printf("DONE\n");
    return 0;
}
