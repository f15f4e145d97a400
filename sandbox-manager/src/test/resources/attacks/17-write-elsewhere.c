// fenrir-attack: writes everywhere outside the job's tmpfs: creates files in /, /etc, /usr/bin, /opt/fenrir, /run/fenrir, /var/tmp, /root, /dev, /sys, opens root-owned files and the agent jar for writing, renames and chmods system files; the rootfs is read-only and the rest root- or agent-owned, so all fail; also checks that the writable mounts are nosuid and nodev
// expect-verdict: OK
// expect-stdout: DENIED create /etc/fenrir-was-here EROFS
// expect-stdout: DENIED open-write /opt/fenrir/agent.jar
// expect-stdout: ALLOWED create /sandbox/fenrir-was-here
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

static void outcome(const char *verb, const char *path, int rc, int error, int allowed) {
    if (rc < 0) printf("DENIED %s %s %s\n", verb, path, strerrorname_np(error));
    else printf("%s %s %s\n", allowed ? "ALLOWED" : "ESCAPED", verb, path);
}

static void create_in(const char *dir, int allowed) {
    char path[256];
    snprintf(path, sizeof path, "%s/fenrir-was-here", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    outcome("create", path, fd, errno, allowed);
    if (fd >= 0) close(fd);
}

static void open_for_write(const char *path) {
    int fd = open(path, O_WRONLY | O_APPEND);
    outcome("open-write", path, fd, errno, 0);
    if (fd >= 0) close(fd);
}

static void mount_flags(const char *dir) {
    struct statvfs fs;
    if (statvfs(dir, &fs) != 0) {
        printf("DENIED statvfs %s %s\n", dir, strerrorname_np(errno));
        return;
    }
    printf("%s mount-flags %s nosuid=%d nodev=%d\n", (fs.f_flag & ST_NOSUID) && (fs.f_flag & ST_NODEV) ? "DENIED" : "ESCAPED",
           dir, !!(fs.f_flag & ST_NOSUID), !!(fs.f_flag & ST_NODEV));
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *forbidden[] = {"", "/etc", "/usr/bin", "/usr/lib", "/opt/fenrir", "/run/fenrir", "/run", "/var/tmp",
                               "/var/lib", "/root", "/home", "/dev", "/sys", "/sys/fs/cgroup", "/proc", "/boot"};
    for (size_t i = 0; i < sizeof forbidden / sizeof forbidden[0]; i++) {
        create_in(forbidden[i], 0);
    }
    create_in("/sandbox", 1);
    create_in("/tmp", 1);
    create_in("/dev/shm", 1);
    const char *files[] = {"/etc/passwd", "/etc/shadow", "/etc/hosts", "/usr/bin/python3", "/opt/fenrir/agent.jar",
                           "/proc/1/environ"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        open_for_write(files[i]);
    }
    outcome("rename", "/etc/hosts", rename("/etc/hosts", "/etc/hosts.old"), errno, 0);
    outcome("chmod", "/usr/bin/python3", chmod("/usr/bin/python3", 04777), errno, 0);
    outcome("truncate", "/etc/passwd", truncate("/etc/passwd", 0), errno, 0);
    outcome("unlink", "/etc/passwd", unlink("/etc/passwd"), errno, 0);
    outcome("mkdir", "/var/lib/fenrir", mkdir("/var/lib/fenrir", 0777), errno, 0);
    outcome("mknod-fifo", "/etc/fenrir-fifo", mknod("/etc/fenrir-fifo", S_IFIFO | 0666, 0), errno, 0);
    mount_flags("/tmp");
    mount_flags("/sandbox");
    mount_flags("/dev/shm");
    struct statvfs root;
    printf("%s root-read-only\n", statvfs("/", &root) == 0 && (root.f_flag & ST_RDONLY) ? "DENIED" : "ESCAPED");
    printf("DONE\n");
    return 0;
}
