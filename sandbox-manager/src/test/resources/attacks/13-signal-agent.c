// fenrir-attack: signals the init (pid 1), the agent (pid 2) and its own parent with SIGKILL/SIGSTOP/SIGSEGV/SIGTERM/SIGQUIT by kill, tgkill, rt_sigqueueinfo and pidfd_send_signal, then kill(-1, SIGKILL); the job's uid (1001) differs from theirs and it has no CAP_KILL, so every call fails with EPERM and the agent lives on
// expect-verdict: OK
// expect-stdout: DENIED kill(2,SIGKILL) EPERM
// expect-stdout: DENIED kill(1,SIGKILL) EPERM
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *what, long rc) {
    int error = errno;
    if (rc < 0) printf("DENIED %s %s\n", what, strerrorname_np(error));
    else printf("ESCAPED %s returned %ld\n", what, rc);
}

static void attack(pid_t target) {
    const int signals[] = {SIGKILL, SIGSTOP, SIGSEGV, SIGTERM, SIGQUIT};
    char what[96];
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        snprintf(what, sizeof what, "kill(%d,SIG%s)", target, sigabbrev_np(signals[i]));
        report(what, kill(target, signals[i]));
    }
    snprintf(what, sizeof what, "tgkill(%d,SIGKILL)", target);
    report(what, syscall(SYS_tgkill, target, target, SIGKILL));
    siginfo_t info;
    memset(&info, 0, sizeof info);
    info.si_code = SI_QUEUE;
    snprintf(what, sizeof what, "rt_sigqueueinfo(%d,SIGKILL)", target);
    report(what, syscall(SYS_rt_sigqueueinfo, target, SIGKILL, &info));
    long pidfd = syscall(SYS_pidfd_open, target, 0);
    snprintf(what, sizeof what, "pidfd_send_signal(%d,SIGKILL)", target);
    report(what, pidfd < 0 ? pidfd : syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0));
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    pid_t targets[] = {1, 2, getppid()};
    for (size_t i = 0; i < 3; i++) {
        if (targets[i] <= 0 || targets[i] == getpid() || (i == 2 && (targets[2] == 1 || targets[2] == 2))) {
            continue;
        }
        attack(targets[i]);
    }
    report("kill(-1,SIGKILL)", kill(-1, SIGKILL));
    for (size_t i = 0; i < 2; i++) {
        if (kill(targets[i], 0) < 0 && errno == ESRCH) {
            printf("ESCAPED pid %d is gone\n", targets[i]);
        }
    }
    printf("DONE\n");
    return 0;
}
