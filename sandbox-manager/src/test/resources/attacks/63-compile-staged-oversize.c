// fenrir-attack: as 61-compile-staged-memory, but the compile step leaves more than the whole run limit: a 60 MiB executable (a 60 MiB .fill array) for a run step of memoryMb=32, which only reads it (a read of tmpfs pages charged to the compile step allocates nothing); the run step cannot pay for 60 MiB out of 32, so it must not get to run with them (lowering its limit to a small floor is not enough: reading needs no new memory), and 60 MiB of the job's data in use under a 32 MiB limit is an escape
// expect-verdict: MEMORY_LIMIT|RUNTIME_ERROR
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=32
#include <stdio.h>
#include <stdlib.h>

#define BLOB_BYTES (60L << 20)

__asm__(".section .rodata\n"
        ".balign 4096\n"
        ".globl blob\n"
        "blob: .fill 62914560, 1, 0x5a\n"
        ".previous\n");
extern const unsigned char blob[];

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("STARTED with %ld MiB of compile-time data\n", BLOB_BYTES >> 20);
    unsigned long sum = 0;
    for (long offset = 0; offset < BLOB_BYTES; offset += 4096) sum += blob[offset];
    if (sum != (unsigned long) (BLOB_BYTES / 4096) * 0x5a) {
        printf("unexpected contents: %lu\n", sum);
        return 2;
    }
    // 60 MiB of the job's own data in memory, under a 32 MiB limit: whatever happens next, the limit did not hold.
    printf("ESCAPED %ld MiB of compile-time data in use under memoryMb=32\n", BLOB_BYTES >> 20);
    size_t heap = 24u << 20;
    volatile char *more = malloc(heap);
    for (size_t i = 0; more != NULL && i < heap; i += 4096) more[i] = 1;
    printf("and %zu MiB of heap on top\n", heap >> 20);
    return 0;
}
