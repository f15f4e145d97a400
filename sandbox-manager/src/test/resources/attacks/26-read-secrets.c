// fenrir-attack: reads secrets: /etc/shadow, the environment, memory, maps, descriptors, root and cwd of the init (pid 1) and the agent (pid 2), /run/fenrir, kernel memory and keys, and host paths (containerd, the rootfs cache, Fenrir's data, root's home); file modes, ptrace access checks between different uids, masked /proc paths and the mount namespace stop all: a read that returns bytes, or a directory that lists entries, is an escape
// expect-verdict: OK
// expect-stdout: DENIED read /etc/shadow EACCES
// expect-stdout: DENIED read /proc/2/environ EACCES
// expect-stdout: DENIED list /run/fenrir EACCES
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64 outputBytes=1048576
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void read_file(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("DENIED read %s %s\n", path, strerrorname_np(errno));
        return;
    }
    char buffer[4096];
    ssize_t n = read(fd, buffer, sizeof buffer);
    int error = errno;
    close(fd);
    if (n > 0) printf("ESCAPED read %s: %zd bytes\n", path, n); // the bytes themselves are not echoed
    else if (n == 0) printf("DENIED read %s EMPTY\n", path);    // a masked path: /dev/null bound over it
    else printf("DENIED read %s %s\n", path, strerrorname_np(error));
}

static void list_dir(const char *path) {
    DIR *dir = opendir(path);
    if (dir == NULL) {
        printf("DENIED list %s %s\n", path, strerrorname_np(errno));
        return;
    }
    int entries = 0;
    for (struct dirent *entry; (entry = readdir(dir)) != NULL;) {
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0) entries++;
    }
    closedir(dir);
    printf("%s list %s %d entries\n", entries > 0 ? "ESCAPED" : "DENIED", path, entries);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *files[] = {"/etc/shadow", "/etc/gshadow", "/proc/1/environ", "/proc/2/environ", "/proc/1/mem",
                           "/proc/2/mem", "/proc/2/maps", "/proc/2/smaps", "/proc/2/auxv", "/proc/2/stack",
                           "/proc/2/syscall", "/proc/2/io", "/proc/2/pagemap", "/proc/2/fdinfo/0", "/proc/kcore",
                           "/proc/keys", "/proc/kmsg", "/proc/timer_list", "/proc/sched_debug", "/dev/kmsg",
                           "/dev/mem", "/sys/kernel/security/lsm", "/run/fenrir/agent.sock",
                           "/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db", "/root/.bash_history",
                           "/root/.m2/settings.xml", "/proc/1/root/etc/shadow", "/proc/2/root/etc/shadow"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) read_file(files[i]);
    const char *dirs[] = {"/run/fenrir", "/proc/1/fd", "/proc/2/fd", "/proc/2/root", "/proc/2/cwd", "/proc/1/root",
                          "/proc/2/map_files", "/root", "/sys/firmware", "/var/lib/containerd", "/run/containerd",
                          "/var/cache/fenrir", "/var/lib/fenrir", "/var/lib/postgresql", "/home"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) list_dir(dirs[i]);
    printf("DONE\n");
    return 0;
}
