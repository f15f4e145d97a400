// fenrir-attack: hops into another step's cgroup to shed the run step's limits: writes its pid into every cgroup.procs under /sys/fs/cgroup that is not its current one (the compile step's are there too), then touches 256 MiB under memoryMb=64; the run step's memory limit must still end it (a cgroup the job can enter must never carry looser limits than its own)
// expect-verdict: MEMORY_LIMIT
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Whether cgroup.procs at PATH lists PID. */
static int member(const char *path, const char *pid) {
    char listed[65536];
    int fd = open(path, O_RDONLY);
    ssize_t n = fd < 0 ? 0 : read(fd, listed, sizeof listed - 1);
    if (fd >= 0) close(fd);
    listed[n > 0 ? n : 0] = '\0';
    for (char *line = strtok(listed, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        if (strcmp(line, pid) == 0) return 1;
    }
    return 0;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    char pid[32];
    snprintf(pid, sizeof pid, "%d", getpid());
    DIR *steps = opendir("/sys/fs/cgroup");
    for (struct dirent *step; steps != NULL && (step = readdir(steps)) != NULL;) {
        if (step->d_name[0] == '.') continue;
        char dir[512];
        snprintf(dir, sizeof dir, "/sys/fs/cgroup/%s", step->d_name);
        DIR *controllers = opendir(dir);
        for (struct dirent *controller; controllers != NULL && (controller = readdir(controllers)) != NULL;) {
            if (controller->d_name[0] == '.') continue;
            char procs[1024];
            snprintf(procs, sizeof procs, "%s/%s/cgroup.procs", dir, controller->d_name);
            if (access(procs, F_OK) != 0 || member(procs, pid)) continue;
            int fd = open(procs, O_WRONLY);
            ssize_t n = fd < 0 ? -1 : write(fd, pid, strlen(pid));
            int error = errno;
            if (fd >= 0) close(fd);
            if (n < 0) printf("DENIED hop %s %s\n", procs, strerrorname_np(error));
            else printf("hopped into %s\n", procs);
        }
        if (controllers != NULL) closedir(controllers);
    }
    size_t size = 256u << 20;
    volatile char *memory = malloc(size);
    for (size_t i = 0; memory != NULL && i < size; i += 4096) {
        memory[i] = 1;
    }
    printf("ESCAPED touched 256 MiB under a 64 MiB memory limit\n");
    return 0;
}
