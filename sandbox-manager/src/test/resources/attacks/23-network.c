// fenrir-attack: network from C: TCP over IPv4 and IPv6 to public resolvers, the cloud metadata address and private ranges, UDP datagrams, DNS through getaddrinfo, raw/packet/ping sockets, and TCP to every address and port of the platform's own services on the host (passed as args); the job's network namespace has only loopback, so routes are missing (ENETUNREACH), the host's 127.0.0.1 is not the job's (ECONNREFUSED), raw sockets need CAP_NET_RAW
// expect-verdict: OK
// expect-stdout: DENIED tcp 1.1.1.1:53 ENETUNREACH
// expect-stdout: DENIED udp 8.8.8.8:53 ENETUNREACH
// expect-stdout: DENIED dns example.com
// expect-stdout: interfaces: lo
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// args: ["{{hostEndpoints}}"]
// limits: cpuMs=5000 wallMs=20000 memoryMb=64
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

/* Connects (TCP) or sends a datagram (UDP) to ADDRESS:PORT; any success is an escape. */
static void reach(int type, const char *address, int port) {
    struct sockaddr_storage sa;
    memset(&sa, 0, sizeof sa);
    socklen_t len;
    struct sockaddr_in *v4 = (struct sockaddr_in *) &sa;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *) &sa;
    if (inet_pton(AF_INET, address, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        len = sizeof *v4;
    } else if (inet_pton(AF_INET6, address, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        len = sizeof *v6;
    } else {
        printf("unparsable address %s\n", address);
        return;
    }
    const char *kind = type == SOCK_STREAM ? "tcp" : "udp";
    int fd = socket(sa.ss_family, type, 0);
    if (fd < 0) {
        printf("DENIED %s %s:%d socket %s\n", kind, address, port, strerrorname_np(errno));
        return;
    }
    struct timeval timeout = {3, 0}; // a connect that hangs means packets left; it is still not a connection
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    int rc = type == SOCK_STREAM ? connect(fd, (struct sockaddr *) &sa, len)
                                 : (int) sendto(fd, "x", 1, 0, (struct sockaddr *) &sa, len);
    if (rc < 0) printf("DENIED %s %s:%d %s\n", kind, address, port, strerrorname_np(errno));
    else printf("ESCAPED %s %s:%d\n", kind, address, port);
    close(fd);
}

static void raw(const char *what, int domain, int type, int protocol) {
    int fd = socket(domain, type, protocol);
    if (fd < 0) printf("DENIED %s %s\n", what, strerrorname_np(errno));
    else printf("ESCAPED %s socket created\n", what);
    if (fd >= 0) close(fd);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    reach(SOCK_STREAM, "1.1.1.1", 53);
    reach(SOCK_STREAM, "8.8.8.8", 443);
    reach(SOCK_STREAM, "169.254.169.254", 80);
    reach(SOCK_STREAM, "10.0.0.1", 80);
    reach(SOCK_STREAM, "172.17.0.1", 2375);
    reach(SOCK_STREAM, "192.168.1.1", 80);
    reach(SOCK_STREAM, "2606:4700:4700::1111", 53);
    reach(SOCK_STREAM, "2001:4860:4860::8888", 443);
    reach(SOCK_DGRAM, "8.8.8.8", 53);
    reach(SOCK_DGRAM, "2001:4860:4860::8888", 53);
    struct addrinfo *found = NULL;
    int gai = getaddrinfo("example.com", "80", NULL, &found);
    if (gai != 0) printf("DENIED dns example.com %s\n", gai_strerror(gai));
    else printf("ESCAPED dns example.com resolved\n");
    raw("raw-icmp", AF_INET, SOCK_RAW, IPPROTO_ICMP);
    raw("raw-ipv6", AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
    raw("packet", AF_PACKET, SOCK_RAW, htons(3));
    raw("ping-socket", AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
    for (int i = 1; i < argc; i++) { // "ADDRESS PORT": the platform's services as the host sees them
        char address[128];
        int port;
        if (sscanf(argv[i], "%127s %d", address, &port) == 2) reach(SOCK_STREAM, address, port);
    }
    // /proc/net/dev lists the interfaces of the reader's network namespace (if_nameindex would need
    // netlink, which the job filter refuses).
    FILE *dev = fopen("/proc/net/dev", "r");
    char line[512];
    printf("interfaces:");
    int lines = 0;
    char names[16][64];
    int count = 0;
    while (dev != NULL && fgets(line, sizeof line, dev) != NULL) {
        if (++lines <= 2) continue; // two header lines
        char name[64];
        if (sscanf(line, " %63[^:]:", name) == 1 && count < 16) {
            printf(" %s", name);
            strcpy(names[count++], name);
        }
    }
    printf("\n");
    if (dev == NULL) printf("ESCAPED? /proc/net/dev unreadable: interfaces unknown\n");
    for (int i = 0; i < count; i++) {
        if (strcmp(names[i], "lo") != 0) printf("ESCAPED interface %s\n", names[i]);
    }
    printf("DONE\n");
    return 0;
}
