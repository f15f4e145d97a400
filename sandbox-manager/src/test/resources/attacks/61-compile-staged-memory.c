// fenrir-attack: stages memory at compile time, where the limit is 1 GiB: the assembler fills a 24 MiB read-only array (a .fill directive, so the source stays small), so the compile step leaves a 24 MiB executable in the job's directory, a tmpfs whose pages were charged to the compile step's cgroup; the run step (memoryMb=32) reads all of it, which allocates nothing new, then touches 24 MiB of heap; the agent lowers the run step's memory limit by the bytes in the job directory (to about 8 MiB), so the heap cannot fit and the OOM killer ends the run: 48 MiB in use under memoryMb=32 is an escape
// expect-verdict: MEMORY_LIMIT
// expect-stdout: READ 24 MiB
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=32
#include <stdio.h>
#include <stdlib.h>

#define BLOB_BYTES (24L << 20)
#define HEAP_BYTES (24L << 20)

__asm__(".section .rodata\n"
        ".balign 4096\n"
        ".globl blob\n"
        "blob: .fill 25165824, 1, 0x5a\n"
        ".previous\n");
extern const unsigned char blob[];

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    unsigned long sum = 0;
    for (long offset = 0; offset < BLOB_BYTES; offset += 4096) sum += blob[offset];
    if (sum != (unsigned long) (BLOB_BYTES / 4096) * 0x5a) {
        printf("unexpected contents: %lu\n", sum);
        return 2;
    }
    printf("READ %ld MiB of compile-time data\n", BLOB_BYTES >> 20);
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
