// fenrir-attack: CVE-2019-5736-style overwrite of the runtime: opens for writing the executables of pid 1 and the agent through /proc/PID/exe (directly and by re-opening an O_PATH descriptor through /proc/self/fd), their map_files, the JVM, libjvm, libc, tini, gcc and the agent jar; /proc/PID/exe of other uids needs ptrace access (EACCES), the rootfs and the agent jar are read-only mounts (EROFS), running binaries are busy (ETXTBSY)
// expect-verdict: OK
// expect-stdout: DENIED /proc/2/exe
// expect-stdout: DENIED /opt/fenrir/agent.jar
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void open_for_writing(const char *path) {
    int fd = open(path, O_WRONLY);
    if (fd >= 0) {
        close(fd);
        printf("ESCAPED %s opened for writing\n", path);
        return;
    }
    printf("DENIED %s %s\n", path, strerrorname_np(errno));
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *paths[] = {"/proc/1/exe", "/proc/2/exe", "/usr/bin/java", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java",
                           "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so",
                           "/lib/x86_64-linux-gnu/libc.so.6", "/usr/bin/tini", "/usr/bin/gcc", "/opt/fenrir/agent.jar"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) open_for_writing(paths[i]);
    const char *through_fd[] = {"/proc/1/exe", "/proc/2/exe", "/usr/bin/java"};
    for (size_t i = 0; i < 3; i++) {
        int handle = open(through_fd[i], O_PATH);
        if (handle < 0) {
            printf("DENIED o_path %s %s\n", through_fd[i], strerrorname_np(errno));
            continue;
        }
        char reopened[64];
        snprintf(reopened, sizeof reopened, "/proc/self/fd/%d", handle);
        printf("reopening %s as %s: ", through_fd[i], reopened);
        open_for_writing(reopened);
        close(handle);
    }
    const char *map_dirs[] = {"/proc/1/map_files", "/proc/2/map_files"};
    for (size_t i = 0; i < 2; i++) {
        DIR *dir = opendir(map_dirs[i]);
        if (dir == NULL) printf("DENIED %s %s\n", map_dirs[i], strerrorname_np(errno));
        else printf("ESCAPED %s listable\n", map_dirs[i]);
        if (dir != NULL) closedir(dir);
    }
    printf("DONE\n");
    return 0;
}
