// fenrir-attack: heap memory bomb: malloc and touch 1 MiB after 1 MiB forever; the memory cgroup's OOM killer ends it at memoryMb
// expect-verdict: MEMORY_LIMIT
// limits: cpuMs=10000 wallMs=20000 memoryMb=64
#include <stdio.h>
#include <stdlib.h>

static char *kept[1 << 16]; // the chunks stay reachable, so the compiler cannot drop them

int main(void) {
    for (size_t mib = 0;; mib++) {
        volatile char *chunk = malloc(1 << 20);
        if (chunk == NULL) {
            printf("malloc failed after %zu MiB\n", mib);
            return 3;
        }
        for (size_t i = 0; i < (1 << 20); i += 4096) {
            chunk[i] = (char) i;
        }
        kept[mib % (1 << 16)] = (char *) chunk;
    }
}
