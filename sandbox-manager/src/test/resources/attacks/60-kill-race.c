// fenrir-attack: goes after whatever will kill it: looks for the agent and the outer bubblewrap in /proc (another pid namespace: invisible), checks that its pid 1 (bubblewrap's init) runs under as many seccomp filters as itself, signals that pid 1 with SIGKILL, SIGSTOP and SIGTERM directly and through a pidfd (the kernel ignores them: they come from inside its namespace), then two setsid'd children that ignore every signal stop everyone else with kill(-1, SIGSTOP), kill(0, SIGSTOP) and SIGSTOP to their parent in a loop; the agent ends the step at its wall limit by SIGKILL to the namespace's init from outside, which nothing inside can stop, ignore or race
// expect-verdict: WALL_TIME_LIMIT
// expect-stdout: pid 1 is bwrap
// expect-stdout: pid 1 after kill(1,SIGKILL): alive
// expect-stdout: pid 1 after pidfd_send_signal(1,SIGKILL): alive
// expect-stdout: STARTING THE STOPPERS
// expect-stdout-not: ESCAPED
// expect-stdout-not: AFTER
// expect-wall-under-ms: 4500
// limits: cpuMs=10000 wallMs=3000 memoryMb=64
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long status_field(pid_t pid, const char *name) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *file = fopen(path, "r");
    long value = -1;
    size_t length = strlen(name);
    while (file != NULL && fgets(line, sizeof line, file) != NULL) {
        if (strncmp(line, name, length) == 0 && line[length] == ':') value = strtol(line + length + 1, NULL, 10);
    }
    if (file != NULL) fclose(file);
    return value;
}

static char state_of(pid_t pid) {
    char path[64], stat[512] = "";
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *file = fopen(path, "r");
    if (file == NULL) return '?';
    size_t n = fread(stat, 1, sizeof stat - 1, file);
    fclose(file);
    stat[n] = '\0';
    char *end = strrchr(stat, ')'); // "pid (comm) S ..."
    return end != NULL && end[1] == ' ' ? end[2] : '?';
}

static void after(const char *what) {
    // A signal from inside the namespace that pid 1 has no handler for is dropped: it is still running.
    usleep(50 * 1000);
    printf("pid 1 after %s: %s (state %c)\n", what, kill(1, 0) == 0 ? "alive" : "gone", state_of(1));
}

static void stopper(void) {
    setsid();
    for (int s = 1; s < NSIG; s++) signal(s, SIG_IGN); // SIGKILL and SIGSTOP stay: the kernel's
    for (;;) {
        kill(-1, SIGSTOP);
        kill(0, SIGSTOP);
        kill(getppid(), SIGSTOP);
        kill(1, SIGSTOP);
        usleep(1000);
    }
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    char cmdline[128] = "";
    FILE *file = fopen("/proc/1/cmdline", "r");
    if (file != NULL) {
        fread(cmdline, 1, sizeof cmdline - 1, file);
        fclose(file);
    }
    printf("pid 1 is %s\n", strstr(cmdline, "bwrap") != NULL ? "bwrap" : cmdline);
    long theirs = status_field(1, "Seccomp_filters"), mine = status_field(getpid(), "Seccomp_filters");
    printf("seccomp filters: pid 1 %ld, mine %ld\n", theirs, mine);
    if (theirs < mine) printf("ESCAPED pid 1 runs without the job filter\n");
    DIR *proc = opendir("/proc");
    int visible = 0;
    for (struct dirent *entry; proc != NULL && (entry = readdir(proc)) != NULL;) {
        pid_t pid = (pid_t) atoi(entry->d_name);
        if (pid <= 0) continue;
        visible++;
        if (pid != 1 && pid != getpid()) printf("ESCAPED sees process %d outside its own tree\n", pid);
    }
    if (proc != NULL) closedir(proc);
    printf("visible processes: %d\n", visible);

    printf("kill(1,SIGKILL) returned %d\n", kill(1, SIGKILL));
    after("kill(1,SIGKILL)");
    kill(1, SIGTERM);
    after("kill(1,SIGTERM)");
    kill(1, SIGSTOP);
    after("kill(1,SIGSTOP)");
    int pidfd = (int) syscall(SYS_pidfd_open, 1, 0);
    if (pidfd >= 0) {
        syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
        after("pidfd_send_signal(1,SIGKILL)");
    } else {
        printf("pidfd_open(1) failed: %s\n", strerrorname_np(errno));
    }
    kill(getppid(), SIGSTOP); // the parent is pid 1 as well
    after("kill(getppid(),SIGSTOP)");

    // Said before: the first stopper may stop this process before it could print anything more.
    printf("STARTING THE STOPPERS\n");
    for (int i = 0; i < 2; i++) {
        if (fork() == 0) stopper();
    }
    for (;;) pause(); // stopped by the stoppers; SIGKILL from outside the namespace ends us all
    printf("AFTER\n");
    return 0;
}
