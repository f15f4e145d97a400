// fenrir-attack: tries to leave or reshape its mount and other namespaces: mount (tmpfs, bind of /, proc, cgroup, remount / read-write), umount2 of /proc, /sandbox and /run/fenrir, the new mount API (fsopen, fspick, open_tree, move_mount, mount_setattr), unshare and clone with every CLONE_NEW* flag, clone3, setns into its own and pid 1's namespaces, chroot and pivot_root; all are outside the seccomp allowlist or need CAP_SYS_ADMIN/CAP_SYS_CHROOT that the job lacks
// expect-verdict: OK
// expect-stdout: DENIED mount-tmpfs EPERM
// expect-stdout: DENIED unshare(CLONE_NEWUSER) EPERM
// expect-stdout: DENIED chroot(/tmp) EPERM
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void check(const char *what, long rc) {
    int error = errno;
    if (rc < 0) printf("DENIED %s %s\n", what, strerrorname_np(error));
    else printf("ESCAPED %s returned %ld\n", what, rc);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    mkdir("/tmp/target", 0755);
    check("mount-tmpfs", mount("tmpfs", "/tmp/target", "tmpfs", 0, "size=1m"));
    check("mount-bind-root", mount("/", "/tmp/target", NULL, MS_BIND | MS_REC, NULL));
    check("mount-proc", mount("proc", "/tmp/target", "proc", 0, NULL));
    check("mount-cgroup", mount("cgroup", "/tmp/target", "cgroup", 0, "memory"));
    check("remount-root-rw", mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND, NULL));
    check("umount2(/proc)", umount2("/proc", MNT_DETACH));
    check("umount2(/sandbox)", umount2("/sandbox", MNT_DETACH));
    check("umount2(/run/fenrir)", umount2("/run/fenrir", MNT_DETACH));
    check("fsopen(tmpfs)", syscall(SYS_fsopen, "tmpfs", 0));
    check("fspick(/)", syscall(SYS_fspick, AT_FDCWD, "/", 0));
    check("open_tree(/,clone)", syscall(SYS_open_tree, AT_FDCWD, "/", 1 /* OPEN_TREE_CLONE */));
    check("move_mount", syscall(SYS_move_mount, AT_FDCWD, "/sandbox", AT_FDCWD, "/tmp/target", 0));
    check("mount_setattr(/)", syscall(SYS_mount_setattr, AT_FDCWD, "/", 0, NULL, 0));
    const struct { const char *name; int flag; } spaces[] = {
        {"CLONE_NEWUSER", CLONE_NEWUSER}, {"CLONE_NEWNS", CLONE_NEWNS},   {"CLONE_NEWNET", CLONE_NEWNET},
        {"CLONE_NEWPID", CLONE_NEWPID},   {"CLONE_NEWIPC", CLONE_NEWIPC}, {"CLONE_NEWUTS", CLONE_NEWUTS},
        {"CLONE_NEWCGROUP", CLONE_NEWCGROUP}, {"CLONE_NEWTIME", 0x80}};
    char what[64];
    for (size_t i = 0; i < sizeof spaces / sizeof spaces[0]; i++) {
        snprintf(what, sizeof what, "unshare(%s)", spaces[i].name);
        check(what, unshare(spaces[i].flag));
        if (spaces[i].flag == 0x80) continue; // CLONE_NEWTIME is unshare/clone3 only: for clone it is an exit signal bit
        snprintf(what, sizeof what, "clone(%s)", spaces[i].name);
        long pid = syscall(SYS_clone, spaces[i].flag | SIGCHLD, 0, 0, 0, 0);
        if (pid == 0) _exit(0);
        if (pid > 0) waitpid((pid_t) pid, NULL, 0);
        check(what, pid);
    }
    long args[11] = {CLONE_NEWUSER, 0, 0, 0, SIGCHLD};
    long pid = syscall(SYS_clone3, args, sizeof args);
    if (pid == 0) _exit(0);
    check("clone3(CLONE_NEWUSER)", pid);
    const char *namespaces[] = {"/proc/self/ns/mnt", "/proc/self/ns/net", "/proc/1/ns/mnt", "/proc/1/ns/net"};
    for (size_t i = 0; i < 4; i++) {
        int fd = open(namespaces[i], O_RDONLY);
        snprintf(what, sizeof what, "setns(%s)", namespaces[i]);
        check(what, fd < 0 ? fd : setns(fd, 0));
    }
    check("pivot_root(/tmp)", syscall(SYS_pivot_root, "/tmp", "/tmp/target"));
    check("chroot(/tmp)", chroot("/tmp"));
    check("chroot(/)", chroot("/"));
    printf("DONE\n");
    return 0;
}
