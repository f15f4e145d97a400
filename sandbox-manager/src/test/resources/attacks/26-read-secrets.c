// fenrir-attack: reads secrets: /etc/shadow, the environment, memory, maps, descriptors, root and cwd of every process of another uid (the container's init tini, the agent's JVM), /run/fenrir, kernel memory and keys, and host paths (containerd, the rootfs cache, Fenrir's data, root's home); file modes and the job sandbox stop all: in the job sandbox's own pid namespace no process of another uid exists: tini and the agent are not there to be reached at all (the program says so and attacks nothing); /run/fenrir is not in the sandbox; a read that returns bytes, or a directory that lists entries, is an escape
// expect-verdict: OK
// expect-stdout: DENIED read /etc/shadow EACCES
// expect-stdout: no process of another uid is visible
// expect-stdout: DENIED list /run/fenrir ENOENT
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64 outputBytes=1048576
// include: fenrir_targets.h
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fenrir_targets.h"

/* LABEL names the path in the report ("agent /proc/PID/environ"); NULL: the path itself. */
static void read_file(const char *path, const char *label) {
    if (label == NULL) label = path;
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("DENIED read %s %s\n", label, strerrorname_np(errno));
        return;
    }
    char buffer[4096];
    ssize_t n = read(fd, buffer, sizeof buffer);
    int error = errno;
    close(fd);
    if (n > 0) printf("ESCAPED read %s: %zd bytes\n", label, n); // the bytes themselves are not echoed
    else if (n == 0) printf("DENIED read %s EMPTY\n", label);    // a masked path: /dev/null bound over it
    else printf("DENIED read %s %s\n", label, strerrorname_np(error));
}

static void list_dir(const char *path, const char *label) {
    if (label == NULL) label = path;
    DIR *dir = opendir(path);
    if (dir == NULL) {
        printf("DENIED list %s %s\n", label, strerrorname_np(errno));
        return;
    }
    int entries = 0;
    for (struct dirent *entry; (entry = readdir(dir)) != NULL;) {
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0) entries++;
    }
    closedir(dir);
    printf("%s list %s %d entries\n", entries > 0 ? "ESCAPED" : "DENIED", label, entries);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *files[] = {"/etc/shadow", "/etc/gshadow", "/proc/kcore", "/proc/keys", "/proc/kmsg",
                           "/proc/timer_list", "/proc/sched_debug", "/dev/kmsg", "/dev/mem", "/sys/kernel/security/lsm",
                           "/run/fenrir/agent.sock", "/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db",
                           "/root/.bash_history", "/root/.m2/settings.xml"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) read_file(files[i], NULL);
    const char *dirs[] = {"/run/fenrir", "/root", "/sys/firmware", "/var/lib/containerd", "/run/containerd",
                          "/var/cache/fenrir", "/var/lib/fenrir", "/var/lib/postgresql", "/home"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) list_dir(dirs[i], NULL);
    struct target targets[16];
    int count = find_targets(targets, 16);
    const char *per_process_files[] = {"environ", "mem", "maps", "smaps", "auxv", "stack", "syscall", "io", "pagemap",
                                       "fdinfo/0", "root/etc/shadow", "cwd/agent.sock"};
    const char *per_process_dirs[] = {"fd", "root", "cwd", "map_files"};
    for (int t = 0; t < count; t++) {
        char path[128], label[128];
        for (size_t i = 0; i < sizeof per_process_files / sizeof per_process_files[0]; i++) {
            snprintf(path, sizeof path, "/proc/%d/%s", targets[t].pid, per_process_files[i]);
            snprintf(label, sizeof label, "%s /proc/PID/%s", targets[t].role, per_process_files[i]);
            read_file(path, label);
        }
        for (size_t i = 0; i < sizeof per_process_dirs / sizeof per_process_dirs[0]; i++) {
            snprintf(path, sizeof path, "/proc/%d/%s", targets[t].pid, per_process_dirs[i]);
            snprintf(label, sizeof label, "%s /proc/PID/%s", targets[t].role, per_process_dirs[i]);
            list_dir(path, label);
        }
    }
    if (count == 0) printf("no process of another uid is visible: nothing to attack\n");
    printf("DONE\n");
    return 0;
}
