// fenrir-attack: fills /tmp, /sandbox and /dev/shm with 4 MiB files until a write fails, then removes them; /tmp and /dev/shm are the job sandbox's own tmpfs, each half of memoryMb (128 MiB here), /sandbox the job's directory on the worker's 128 MiB tmpfs, so each ends in ENOSPC and the host's disk is never touched; every page is charged to the step's memory, which is above each fill, so the memory limit does not interfere; a directory that is not a tmpfs, or one larger than 128 MiB, is an escape
// expect-verdict: OK
// expect-stdout: DENIED fill /tmp ENOSPC
// expect-stdout: DENIED fill /sandbox ENOSPC
// expect-stdout: DENIED fill /dev/shm ENOSPC
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=10000 wallMs=20000 memoryMb=256 fileBytes=16777216
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

static char chunk[1 << 20];

/* Writes DIR/fill-N files of 4 MiB until an error; reports it, the MiB written and the tmpfs's size. */
static void fill(const char *dir) {
    struct statfs fs;
    if (statfs(dir, &fs) != 0 || fs.f_type != 0x01021994 /* TMPFS_MAGIC */) {
        printf("ESCAPED fill %s is not a tmpfs\n", dir);
        return;
    }
    double size_mib = (double) fs.f_blocks * fs.f_bsize / 1048576.0;
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
    for (int file = 0;; file++) {
        char path[256];
        snprintf(path, sizeof path, "%s/fill-%d", dir, file);
        if (unlink(path) != 0) break;
    }
    double mib = written / 1048576.0;
    printf("%s fill %s %s after %.1f MiB of a %.0f MiB tmpfs\n", mib <= size_mib && size_mib <= 128 ? "DENIED" : "ESCAPED",
           dir, strerrorname_np(error), mib, size_mib);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    memset(chunk, 'f', sizeof chunk);
    fill("/tmp");
    fill("/sandbox");
    fill("/dev/shm");
    printf("DONE\n");
    return 0;
}
