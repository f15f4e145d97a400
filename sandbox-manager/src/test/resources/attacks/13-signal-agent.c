// fenrir-attack: signals every process of another uid it can see (the container's init tini, the agent's JVM) with SIGKILL/SIGSTOP/SIGSEGV/SIGTERM/SIGQUIT by kill, tgkill, rt_sigqueueinfo and pidfd_send_signal, then kill(-1, SIGKILL); in the job sandbox's own pid namespace no process of another uid exists: tini and the agent are not there to be reached at all (the program says so and attacks nothing); kill(-1) reaches only the job's own sandbox
// expect-verdict: OK
// expect-stdout: no process of another uid is visible
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64
// include: fenrir_targets.h
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fenrir_targets.h"

static void report(const char *what, long rc) {
    int error = errno;
    if (rc < 0) printf("DENIED %s %s\n", what, strerrorname_np(error));
    else printf("ESCAPED %s returned %ld\n", what, rc);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct target targets[16];
    int count = find_targets(targets, 16);
    const int signals[] = {SIGKILL, SIGSTOP, SIGSEGV, SIGTERM, SIGQUIT};
    char what[64];
    for (int t = 0; t < count; t++) {
        const char *role = targets[t].role;
        pid_t pid = targets[t].pid;
        for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
            snprintf(what, sizeof what, "kill(%s,SIG%s)", role, sigabbrev_np(signals[i]));
            report(what, kill(pid, signals[i]));
        }
        snprintf(what, sizeof what, "tgkill(%s,SIGKILL)", role);
        report(what, syscall(SYS_tgkill, pid, pid, SIGKILL));
        siginfo_t info;
        memset(&info, 0, sizeof info);
        info.si_code = SI_QUEUE;
        snprintf(what, sizeof what, "rt_sigqueueinfo(%s,SIGKILL)", role);
        report(what, syscall(SYS_rt_sigqueueinfo, pid, SIGKILL, &info));
        long pidfd = syscall(SYS_pidfd_open, pid, 0);
        snprintf(what, sizeof what, "pidfd_send_signal(%s,SIGKILL)", role);
        report(what, pidfd < 0 ? pidfd : syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0));
    }
    if (count == 0) printf("no process of another uid is visible: nothing to attack\n");
    printf("kill(-1,SIGKILL) returned %d\n", kill(-1, SIGKILL));
    for (int t = 0; t < count; t++) {
        if (kill(targets[t].pid, 0) < 0 && errno == ESRCH) printf("ESCAPED %s (pid %d) is gone\n", targets[t].role, targets[t].pid);
    }
    printf("DONE\n");
    return 0;
}
