// fenrir-attack: CVE-2019-5736-style overwrite of the runtime: opens for writing the executables of every process of another uid (the container's init tini, the agent's JVM) through /proc/PID/exe (directly and by re-opening an O_PATH descriptor through /proc/self/fd), their map_files, the JVM, libjvm, libc, tini, gcc and the agent jar; in the job sandbox's own pid namespace no process of another uid exists: tini and the agent are not there to be reached at all (the program says so and attacks nothing); the rootfs is mounted read-only (EROFS, or EACCES for root's files), the agent jar is not in the sandbox (ENOENT)
// expect-verdict: OK
// expect-stdout: no process of another uid is visible
// expect-stdout: DENIED /opt/fenrir/agent.jar
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64
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

/* LABEL names the path in the report; NULL: the path itself. */
static void open_for_writing(const char *path, const char *label) {
    int fd = open(path, O_WRONLY);
    if (fd >= 0) {
        close(fd);
        printf("ESCAPED %s opened for writing\n", label != NULL ? label : path);
        return;
    }
    printf("DENIED %s %s\n", label != NULL ? label : path, strerrorname_np(errno));
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *paths[] = {"/usr/bin/java", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java",
                           "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so",
                           "/lib/x86_64-linux-gnu/libc.so.6", "/usr/bin/tini", "/usr/bin/gcc", "/opt/fenrir/agent.jar"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) open_for_writing(paths[i], NULL);
    struct target targets[16];
    int count = find_targets(targets, 16);
    for (int t = 0; t < count; t++) {
        char path[64], label[64];
        snprintf(path, sizeof path, "/proc/%d/exe", targets[t].pid);
        snprintf(label, sizeof label, "%s /proc/PID/exe", targets[t].role);
        open_for_writing(path, label);
        int handle = open(path, O_PATH); // the runc exploit re-opens such a handle through /proc/self/fd
        if (handle < 0) {
            printf("DENIED o_path %s %s\n", label, strerrorname_np(errno));
        } else {
            char reopened[64];
            snprintf(reopened, sizeof reopened, "/proc/self/fd/%d", handle);
            snprintf(label, sizeof label, "%s /proc/PID/exe re-opened via /proc/self/fd", targets[t].role);
            open_for_writing(reopened, label);
            close(handle);
        }
        snprintf(path, sizeof path, "/proc/%d/map_files", targets[t].pid);
        DIR *dir = opendir(path);
        if (dir == NULL) printf("DENIED %s /proc/PID/map_files %s\n", targets[t].role, strerrorname_np(errno));
        else printf("ESCAPED %s /proc/PID/map_files listable\n", targets[t].role);
        if (dir != NULL) closedir(dir);
    }
    if (count == 0) printf("no process of another uid is visible: nothing to attack\n");
    int handle = open("/usr/bin/java", O_PATH);
    if (handle >= 0) {
        char reopened[64];
        snprintf(reopened, sizeof reopened, "/proc/self/fd/%d", handle);
        open_for_writing(reopened, "/usr/bin/java re-opened via /proc/self/fd");
    }
    printf("DONE\n");
    return 0;
}
