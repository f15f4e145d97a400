// fenrir-attack: connects to Unix sockets outside the job: containerd's, docker's, systemd's and D-Bus's usual paths, the agent's socket in /run/fenrir and every socket /proc/net/unix lists (path or abstract); none of the host's sockets exist in the container, and the job sandbox has no /run/fenrir at all (its own mount namespace) and an abstract socket namespace of its own (its own network namespace)
// expect-verdict: OK
// expect-stdout: DENIED /run/fenrir/agent.sock ENOENT
// expect-stdout: DENIED /run/containerd/containerd.sock ENOENT
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64 outputBytes=1048576
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* NAME is a path, or "@name" for the abstract namespace. */
static void try_connect(const char *name) {
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    size_t length = strlen(name);
    if (length >= sizeof sa.sun_path) return;
    memcpy(sa.sun_path, name, length);
    if (name[0] == '@') sa.sun_path[0] = '\0';
    socklen_t size = (socklen_t) (offsetof(struct sockaddr_un, sun_path) + length + (name[0] == '@' ? 0 : 1));
    const int types[] = {SOCK_STREAM, SOCK_SEQPACKET, SOCK_DGRAM};
    int error = 0;
    for (size_t i = 0; i < 3; i++) {
        int fd = socket(AF_UNIX, types[i], 0);
        int rc = connect(fd, (struct sockaddr *) &sa, size);
        error = errno;
        close(fd);
        if (rc == 0) {
            printf("ESCAPED %s connected\n", name);
            return;
        }
        if (error != EPROTOTYPE) break;
    }
    printf("DENIED %s %s\n", name, strerrorname_np(error));
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *known[] = {"/run/fenrir/agent.sock", "/run/containerd/containerd.sock",
                           "/run/containerd/containerd.sock.ttrpc", "/var/run/docker.sock", "/run/docker.sock",
                           "/run/systemd/private", "/run/systemd/journal/socket", "/run/dbus/system_bus_socket",
                           "/var/run/nscd/socket", "/run/postgresql/.s.PGSQL.5432", "/tmp/.X11-unix/X0",
                           "@/containerd-shim/fenrir.sock", "@/org/freedesktop/systemd1/notify"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) try_connect(known[i]);
    FILE *listing = fopen("/proc/net/unix", "r");
    char line[512];
    int listed = 0;
    if (listing != NULL && fgets(line, sizeof line, listing) == NULL) return 2; // the header line
    while (listing != NULL && fgets(line, sizeof line, listing) != NULL) {
        char path[256] = "";
        // Num RefCount Protocol Flags Type St Inode Path
        if (sscanf(line, "%*s %*s %*s %*s %*s %*s %*s %255s", path) == 1 && path[0] != '\0') {
            listed++;
            printf("listed %s\n", path);
            try_connect(path);
        }
    }
    printf("sockets with a name in /proc/net/unix: %d\n", listed);
    printf("DONE\n");
    return 0;
}
