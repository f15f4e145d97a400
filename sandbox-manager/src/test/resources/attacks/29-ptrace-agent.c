// fenrir-attack: ptrace of every process of another uid (the agent's JVM, the container's init tini) by PTRACE_ATTACH and PTRACE_SEIZE, PTRACE_TRACEME, tracing its own child, process_vm_readv/writev into them, opening their /proc/PID/mem for writing, pidfd_getfd of their descriptors and kcmp; in the job sandbox's own pid namespace no process of another uid exists: tini and the agent are not there to be reached at all (the program says so and attacks nothing); ptrace itself is outside the seccomp allowlist (EPERM), even on its own child
// expect-verdict: OK
// expect-stdout: no process of another uid is visible
// expect-stdout: DENIED ptrace(PTRACE_TRACEME) EPERM
// expect-stdout: DENIED ptrace(PTRACE_ATTACH,own child) EPERM
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64
// include: fenrir_targets.h
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "fenrir_targets.h"

static void result(const char *what, long rc) {
    int error = errno;
    if (rc < 0) printf("DENIED %s %s\n", what, strerrorname_np(error));
    else printf("ESCAPED %s returned %ld\n", what, rc);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    char what[96];
    struct target targets[16];
    int count = find_targets(targets, 16);
    char buffer[64];
    struct iovec local = {buffer, sizeof buffer};
    struct iovec remote = {(void *) 0x400000, sizeof buffer}; // any address: the permission check comes first
    for (int t = 0; t < count; t++) {
        const char *role = targets[t].role;
        pid_t pid = targets[t].pid;
        snprintf(what, sizeof what, "ptrace(PTRACE_ATTACH,%s)", role);
        result(what, syscall(SYS_ptrace, PTRACE_ATTACH, pid, 0, 0));
        snprintf(what, sizeof what, "ptrace(PTRACE_SEIZE,%s)", role);
        result(what, syscall(SYS_ptrace, PTRACE_SEIZE, pid, 0, 0));
        snprintf(what, sizeof what, "process_vm_readv(%s)", role);
        result(what, syscall(SYS_process_vm_readv, pid, &local, 1, &remote, 1, 0));
        snprintf(what, sizeof what, "process_vm_writev(%s)", role);
        result(what, syscall(SYS_process_vm_writev, pid, &local, 1, &remote, 1, 0));
        char mem[64];
        snprintf(mem, sizeof mem, "/proc/%d/mem", pid);
        snprintf(what, sizeof what, "open(%s /proc/PID/mem,O_RDWR)", role);
        result(what, open(mem, O_RDWR));
        long pidfd = syscall(SYS_pidfd_open, pid, 0);
        for (int fd = 0; fd < 8 && pidfd >= 0; fd++) {
            snprintf(what, sizeof what, "pidfd_getfd(%s,%d)", role, fd);
            result(what, syscall(SYS_pidfd_getfd, pidfd, fd, 0));
        }
        snprintf(what, sizeof what, "kcmp(self,%s)", role);
        result(what, syscall(SYS_kcmp, getpid(), pid, 0 /* KCMP_FILE */, 0, 0));
    }
    if (count == 0) printf("no process of another uid is visible: nothing to attack\n");
    pid_t child = fork();
    if (child == 0) {
        result("ptrace(PTRACE_TRACEME)", syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0));
        _exit(0);
    }
    waitpid(child, NULL, 0);
    child = fork();
    if (child == 0) {
        pause();
        _exit(0);
    }
    result("ptrace(PTRACE_ATTACH,own child)", syscall(SYS_ptrace, PTRACE_ATTACH, child, 0, 0));
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    printf("DONE\n");
    return 0;
}
