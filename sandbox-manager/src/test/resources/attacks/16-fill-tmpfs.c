// fenrir-attack: fills /tmp, /sandbox and /dev/shm with 4 MiB files until a write fails; each is a small tmpfs (64, 64 and 16 MiB), so it ends in ENOSPC inside the container and the host's disk is never touched; memoryMb is above the sum, so the memory limit does not interfere
// expect-verdict: OK
// expect-stdout: DENIED fill /tmp ENOSPC
// expect-stdout: DENIED fill /sandbox ENOSPC
// expect-stdout: DENIED fill /dev/shm ENOSPC
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=10000 wallMs=20000 memoryMb=512 fileBytes=16777216
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char chunk[1 << 20];

/* Writes DIR/fill-N files of 4 MiB until an error; reports it and the MiB written (at most MAX_MIB). */
static void fill(const char *dir, double max_mib) {
    long long written = 0;
    int error = 0;
    for (int file = 0; error == 0; file++) {
        char path[256];
        snprintf(path, sizeof path, "%s/fill-%d", dir, file);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0) {
            error = errno;
            break;
        }
        for (int i = 0; i < 4 && error == 0; i++) {
            ssize_t n = write(fd, chunk, sizeof chunk);
            if (n < 0) {
                error = errno;
            } else {
                written += n;
            }
        }
        close(fd);
    }
    double mib = written / 1048576.0;
    printf("%s fill %s %s after %.1f MiB\n", mib <= max_mib ? "DENIED" : "ESCAPED", dir, strerrorname_np(error), mib);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    memset(chunk, 'f', sizeof chunk);
    fill("/tmp", 64);
    fill("/sandbox", 64);
    fill("/dev/shm", 16);
    printf("DONE\n");
    return 0;
}
