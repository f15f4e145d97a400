// fenrir-attack: cgroup escape: writes its pid into every cgroup.procs and tasks file it can see (parents, the agent's, other steps'), opens the limit files (memory.limit_in_bytes, memory.memsw.limit_in_bytes, memory.max, pids.max, cpu.cfs_quota_us, cpu.max, devices.allow, freezer.state, memory.oom_control), release_agent and notify_on_release for writing, creates child cgroups and mounts a cgroup hierarchy; /sys is read-only and only the run step's own cgroup.procs/tasks are writable by the job, so at most it moves itself where it already is: /proc/self/cgroup must not change
// expect-verdict: OK
// expect-stdout: cgroup unchanged
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64 outputBytes=1048576
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static char membership[4096];

static void read_membership(char *into, size_t size) {
    int fd = open("/proc/self/cgroup", O_RDONLY);
    ssize_t n = fd < 0 ? 0 : read(fd, into, size - 1);
    into[n > 0 ? n : 0] = '\0';
    if (fd >= 0) close(fd);
}

static void join(const char *path) {
    char pid[32];
    int length = snprintf(pid, sizeof pid, "%d\n", getpid());
    int fd = open(path, O_WRONLY);
    ssize_t n = fd < 0 ? -1 : write(fd, pid, (size_t) length);
    int error = errno;
    if (fd >= 0) close(fd);
    if (n < 0) {
        printf("DENIED join %s %s\n", path, strerrorname_np(error));
        return;
    }
    char now[sizeof membership];
    read_membership(now, sizeof now);
    if (strcmp(now, membership) != 0) printf("ESCAPED join %s moved the job:\n%s", path, now);
    else printf("ALLOWED join %s: its own cgroup, no change\n", path);
}

static void open_control(const char *path) {
    int fd = open(path, O_WRONLY);
    if (fd < 0) {
        printf("DENIED open-write %s %s\n", path, strerrorname_np(errno));
        return;
    }
    close(fd);
    printf("ESCAPED open-write %s\n", path);
}

static const char *controls[] = {"memory.limit_in_bytes", "memory.memsw.limit_in_bytes", "memory.max",
                                 "memory.high", "memory.oom_control", "memory.soft_limit_in_bytes", "pids.max",
                                 "cpu.cfs_quota_us", "cpu.max", "cpu.shares", "cpuset.cpus", "devices.allow",
                                 "freezer.state", "cgroup.freeze", "cgroup.subtree_control", "notify_on_release",
                                 "release_agent", "cgroup.kill"};

static void walk(const char *dir, int depth) {
    DIR *listing = opendir(dir);
    if (listing == NULL || depth > 5) {
        if (listing != NULL) closedir(listing);
        return;
    }
    char path[1024];
    for (struct dirent *entry; (entry = readdir(listing)) != NULL;) {
        const char *name = entry->d_name;
        snprintf(path, sizeof path, "%s/%s", dir, name);
        if (entry->d_type == DT_DIR && name[0] != '.') {
            walk(path, depth + 1);
        } else if (strcmp(name, "cgroup.procs") == 0 || strcmp(name, "tasks") == 0) {
            join(path);
        } else {
            for (size_t i = 0; i < sizeof controls / sizeof controls[0]; i++) {
                if (strcmp(name, controls[i]) == 0) open_control(path);
            }
        }
    }
    closedir(listing);
    snprintf(path, sizeof path, "%s/fenrir-escape", dir);
    if (mkdir(path, 0777) == 0) printf("ESCAPED mkdir %s\n", path);
    else printf("DENIED mkdir %s %s\n", path, strerrorname_np(errno));
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    read_membership(membership, sizeof membership);
    printf("cgroups before:\n%s", membership);
    walk("/sys/fs/cgroup", 0);
    mkdir("/tmp/cgroup", 0755);
    if (mount("cgroup", "/tmp/cgroup", "cgroup", 0, "memory") == 0) printf("ESCAPED mount cgroup\n");
    else printf("DENIED mount cgroup %s\n", strerrorname_np(errno));
    char after[sizeof membership];
    read_membership(after, sizeof after);
    printf(strcmp(after, membership) == 0 ? "cgroup unchanged\n" : "ESCAPED cgroup changed\n");
    printf("DONE\n");
    return 0;
}
