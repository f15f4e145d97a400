// fenrir-attack: writes 60 MiB to /dev/shm under memoryMb=32; tmpfs pages are charged to the job's memory cgroup, but /dev/shm is a 16 MiB tmpfs, the smaller bound: the write fails with ENOSPC near 16 MiB, well under the memory limit, and the program exits 0
// expect-verdict: OK
// expect-stdout: DENIED /dev/shm ENOSPC
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=32 fileBytes=67108864
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    static char mib[1 << 20];
    memset(mib, 's', sizeof mib);
    int fd = open("/dev/shm/fenrir-big", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        printf("cannot create /dev/shm/fenrir-big: %s\n", strerrorname_np(errno));
        return 2;
    }
    long long total = 0;
    int error = 0;
    while (total < 60LL << 20) {
        ssize_t n = write(fd, mib, sizeof mib);
        if (n < 0) {
            error = errno;
            break;
        }
        total += n;
    }
    double written = total / 1048576.0;
    if (error == 0 || written > 16) printf("ESCAPED /dev/shm took %.1f MiB\n", written);
    else printf("DENIED /dev/shm %s after %.1f MiB\n", strerrorname_np(error), written);
    printf("DONE\n");
    return 0;
}
