// fenrir-attack: ptrace of the agent (pid 2), the init (pid 1) and its parent by PTRACE_ATTACH and PTRACE_SEIZE, PTRACE_TRACEME, tracing its own child, process_vm_readv/writev into the agent, writing /proc/2/mem, pidfd_getfd of the agent's descriptors and kcmp; ptrace, process_vm_*, pidfd_getfd and kcmp are outside the seccomp allowlist (EPERM) and /proc/2/mem needs ptrace access (EACCES)
// expect-verdict: OK
// expect-stdout: DENIED ptrace(PTRACE_ATTACH,2) EPERM
// expect-stdout: DENIED process_vm_readv(2) EPERM
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static void result(const char *what, long rc) {
    int error = errno;
    if (rc < 0) printf("DENIED %s %s\n", what, strerrorname_np(error));
    else printf("ESCAPED %s returned %ld\n", what, rc);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    char what[96];
    pid_t targets[] = {2, 1, getppid()};
    for (size_t i = 0; i < 3; i++) {
        snprintf(what, sizeof what, "ptrace(PTRACE_ATTACH,%d)", targets[i]);
        result(what, syscall(SYS_ptrace, PTRACE_ATTACH, targets[i], 0, 0));
        snprintf(what, sizeof what, "ptrace(PTRACE_SEIZE,%d)", targets[i]);
        result(what, syscall(SYS_ptrace, PTRACE_SEIZE, targets[i], 0, 0));
    }
    pid_t child = fork();
    if (child == 0) {
        long rc = syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0);
        result("ptrace(PTRACE_TRACEME)", rc);
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
    char buffer[64];
    struct iovec local = {buffer, sizeof buffer};
    struct iovec remote = {(void *) 0x400000, sizeof buffer}; // any address: the permission check comes first
    result("process_vm_readv(2)", syscall(SYS_process_vm_readv, 2, &local, 1, &remote, 1, 0));
    result("process_vm_writev(2)", syscall(SYS_process_vm_writev, 2, &local, 1, &remote, 1, 0));
    result("open(/proc/2/mem,O_RDWR)", open("/proc/2/mem", O_RDWR));
    result("open(/proc/1/mem,O_RDWR)", open("/proc/1/mem", O_RDWR));
    long pidfd = syscall(SYS_pidfd_open, 2, 0);
    for (int fd = 0; fd < 8 && pidfd >= 0; fd++) {
        snprintf(what, sizeof what, "pidfd_getfd(2,%d)", fd);
        result(what, syscall(SYS_pidfd_getfd, pidfd, fd, 0));
    }
    result("kcmp(self,2)", syscall(SYS_kcmp, getpid(), 2, 0 /* KCMP_FILE */, 0, 0));
    printf("DONE\n");
    return 0;
}
