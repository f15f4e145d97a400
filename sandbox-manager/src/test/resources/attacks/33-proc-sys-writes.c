// fenrir-attack: writes kernel settings through /proc and /sys: core_pattern (the classic pipe-to-host escape), modprobe, hostname, sysrq and sysrq-trigger, drop_caches, ip_forward, file-max, uevent_helper, transparent hugepages, power state, the loopback MTU; /proc/sys and /proc/sysrq-trigger are read-only mounts, /sys is mounted read-only, so opening any for writing fails; and its own and its sandbox init's oom_score_adj, uid_map and setgroups, where lowering the OOM score needs CAP_SYS_RESOURCE and the maps are written once, by bubblewrap; the job sandbox mounts /proc/sys, /proc/sysrq-trigger, /proc/irq, /proc/bus and /proc/fs read-only over its own procfs and has no /sys
// expect-verdict: OK
// expect-stdout: DENIED /proc/sys/kernel/core_pattern
// expect-stdout: DENIED /proc/sysrq-trigger
// expect-stdout: DENIED /sys/kernel/uevent_helper
// expect-stdout: DENIED /proc/self/oom_score_adj=-1000 EACCES
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A system-wide setting: being able to open it for writing is already an escape, so nothing is written. */
static void open_setting(const char *path) {
    int fd = open(path, O_WRONLY);
    if (fd < 0) {
        printf("DENIED %s %s\n", path, strerrorname_np(errno));
        return;
    }
    close(fd);
    printf("ESCAPED %s opened for writing\n", path);
}

/* A per-process file that its owner may open: the write itself is what must fail. */
static void write_value(const char *path, const char *value) {
    int fd = open(path, O_WRONLY);
    ssize_t n = fd < 0 ? -1 : write(fd, value, strlen(value));
    int error = errno;
    if (fd >= 0) close(fd);
    if (n < 0) printf("DENIED %s=%s %s\n", path, value, strerrorname_np(error));
    else printf("ESCAPED %s=%s written\n", path, value);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *settings[] = {"/proc/sys/kernel/core_pattern", "/proc/sys/kernel/modprobe",
                              "/proc/sys/kernel/hostname", "/proc/sys/kernel/sysrq", "/proc/sysrq-trigger",
                              "/proc/sys/vm/drop_caches", "/proc/sys/net/ipv4/ip_forward", "/proc/sys/fs/file-max",
                              "/proc/sys/kernel/ns_last_pid", "/proc/sys/kernel/randomize_va_space",
                              "/sys/kernel/uevent_helper", "/sys/kernel/mm/transparent_hugepage/enabled",
                              "/sys/power/state", "/sys/class/net/lo/mtu", "/sys/fs/cgroup/cgroup.procs"};
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) open_setting(settings[i]);
    write_value("/proc/self/oom_score_adj", "-1000");
    // pid 1 is the job sandbox's own init (bwrap, the job's uid): lowering its score is as privileged as its own.
    write_value("/proc/1/oom_score_adj", "-1000");
    write_value("/proc/self/uid_map", "0 0 1");
    write_value("/proc/self/gid_map", "0 0 1");
    write_value("/proc/self/setgroups", "allow");
    write_value("/proc/1/attr/current", "unconfined"); // mode 0666: the kernel refuses another task's attributes on write
    printf("DONE\n");
    return 0;
}
