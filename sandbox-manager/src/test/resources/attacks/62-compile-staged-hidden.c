// fenrir-attack: as 61-compile-staged-memory, but the 24 MiB the compile step stages (through gcc -wrapper) lie in a directory of mode 0710: the compile user owns it, the job's group may only pass through it; the agent (in that group) cannot list it, the run user (also in it) can still open hidden/blob by name; the agent must still count those bytes against the run step's memory limit (or refuse what it cannot measure), so the run step's 24 MiB of heap on top cannot fit under memoryMb=32
// expect-verdict: MEMORY_LIMIT
// expect-stdout: READ 24 MiB
// expect-compile-output: STAGED
// expect-stdout-not: ESCAPED
// compile-args: ["-wrapper", "/bin/sh,-c,\"$0\" \"$@\" || exit $?; [ -e hidden ] || { mkdir hidden && yes Z | head -c 25165824 >hidden/blob && chmod 0644 hidden/blob && chmod 0710 hidden && echo STAGED >&2; }"]
// limits: cpuMs=5000 wallMs=10000 memoryMb=32
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define BLOB_BYTES (24L << 20)
#define HEAP_BYTES (24L << 20)

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    int fd = open("hidden/blob", O_RDONLY);
    const unsigned char *blob = fd < 0 ? MAP_FAILED : mmap(NULL, BLOB_BYTES, PROT_READ, MAP_SHARED, fd, 0);
    if (blob == MAP_FAILED) {
        printf("cannot map hidden/blob: %s\n", strerrorname_np(errno));
        return 2;
    }
    unsigned long sum = 0;
    for (long offset = 0; offset < BLOB_BYTES; offset += 4096) sum += blob[offset];
    if (sum != (unsigned long) (BLOB_BYTES / 4096) * 'Z') {
        printf("unexpected contents: %lu\n", sum);
        return 2;
    }
    printf("READ %ld MiB staged in a directory the agent cannot list\n", BLOB_BYTES >> 20);
    volatile char *heap = malloc(HEAP_BYTES);
    for (long i = 0; heap != NULL && i < HEAP_BYTES; i += 4096) heap[i] = 1;
    if (heap == NULL) {
        printf("malloc failed\n");
        return 3;
    }
    printf("ESCAPED %ld MiB of compile-time data and %ld MiB of heap in use under memoryMb=32\n", BLOB_BYTES >> 20,
           HEAP_BYTES >> 20);
    return 0;
}
