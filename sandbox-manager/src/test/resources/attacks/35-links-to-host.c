// fenrir-attack: symlinks and hardlinks aimed at host and system paths: symlinks in /sandbox and /tmp under the names the platform might read back (stdout, stderr, compile-output, main.c, Main.class, agent.sock) pointing at /etc/shadow, /proc/1/root, the agent's socket and host paths, one replacing its own source file, then reads through them; hardlinks to /etc/shadow, /usr/bin/su and the agent jar (another filesystem: EXDEV; on the read-only rootfs: EROFS), linkat of an O_PATH descriptor (needs CAP_DAC_READ_SEARCH), and links inside /run/fenrir (EACCES); planting a symlink is harmless by itself, reading a secret through one is an escape, and the host-side assertion checks that the host's /etc/passwd and /etc/shadow are unchanged
// expect-verdict: OK
// expect-stdout: PLANTED /sandbox/stdout -> /etc/shadow
// expect-stdout: DENIED read-through /sandbox/stdout EACCES
// expect-stdout: DENIED hardlink /etc/shadow
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void plant(const char *link, const char *target) {
    unlink(link);
    if (symlink(target, link) == 0) printf("PLANTED %s -> %s\n", link, target);
    else printf("DENIED symlink %s %s\n", link, strerrorname_np(errno));
    int fd = open(link, O_RDONLY);
    char buffer[256];
    ssize_t n = fd < 0 ? -1 : read(fd, buffer, sizeof buffer);
    int error = errno;
    if (fd >= 0) close(fd);
    if (n > 0 && strcmp(target, "/etc/passwd") != 0) printf("ESCAPED read-through %s: %zd bytes\n", link, n);
    else if (n < 0) printf("DENIED read-through %s %s\n", link, strerrorname_np(error));
}

static void hardlink(const char *target, const char *name) {
    if (link(target, name) == 0) printf("ESCAPED hardlink %s -> %s\n", name, target);
    else printf("DENIED hardlink %s %s %s\n", target, name, strerrorname_np(errno));
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *names[] = {"stdout", "stderr", "compile-output", "output", "main.c", "main", "Main.class", "agent.sock"};
    const char *targets[] = {"/etc/shadow", "/proc/1/root/etc/shadow", "/run/fenrir/agent.sock",
                             "../../../../../../../../etc/shadow", "/var/lib/containerd", "/proc/1/root",
                             "/proc/1/cwd/../../etc/shadow", "/etc/passwd"};
    char link[256];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(link, sizeof link, "/sandbox/%s", names[i]);
        plant(link, targets[i]);
        snprintf(link, sizeof link, "/tmp/%s", names[i]);
        plant(link, targets[(i + 1) % 8]);
    }
    hardlink("/etc/shadow", "/sandbox/shadow");
    hardlink("/etc/shadow", "/tmp/shadow");
    hardlink("/usr/bin/su", "/sandbox/su");
    hardlink("/opt/fenrir/agent.jar", "/tmp/agent.jar");
    hardlink("/etc/shadow", "/etc/shadow.fenrir");
    hardlink("/sandbox/main.c", "/run/fenrir/main.c");
    if (symlink("/etc/shadow", "/run/fenrir/stdout") == 0) printf("ESCAPED symlink in /run/fenrir\n");
    else printf("DENIED symlink /run/fenrir/stdout %s\n", strerrorname_np(errno));
    int shadow = open("/etc/shadow", O_PATH);
    if (shadow < 0) printf("DENIED open-path /etc/shadow %s\n", strerrorname_np(errno));
    else if (linkat(shadow, "", AT_FDCWD, "/sandbox/shadow-by-fd", AT_EMPTY_PATH) == 0) printf("ESCAPED linkat fd\n");
    else printf("DENIED linkat-empty-path /etc/shadow %s\n", strerrorname_np(errno));
    printf("DONE\n");
    return 0;
}
