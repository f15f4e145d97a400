// fenrir-attack: fills both of its tmpfs (/tmp and /dev/shm, each half of memoryMb: 16 MiB here) through mapped files, 15 MiB each, then touches 16 MiB of heap, under memoryMb=32; the tmpfs pages are charged to the step's memory cgroup and cannot be swapped, so the tmpfs and the heap together pass the memory limit: the OOM killer ends it
// expect-verdict: MEMORY_LIMIT
// expect-stderr: mapped 15 MiB on /tmp
// expect-stderr: mapped 15 MiB on /dev/shm
// expect-stderr-not: touched the heap
// limits: cpuMs=5000 wallMs=10000 memoryMb=32 fileBytes=67108864
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static int map_and_touch(const char *path, size_t size) {
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ftruncate(fd, (off_t) size) != 0) {
        perror(path);
        return 2;
    }
    volatile char *pages = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (pages == MAP_FAILED) {
        perror("mmap");
        return 2;
    }
    for (size_t offset = 0; offset < size; offset += 4096) {
        pages[offset] = 't';
    }
    fprintf(stderr, "mapped %zu MiB on %s\n", size >> 20, path);
    return 0;
}

int main(void) {
    if (map_and_touch("/tmp/fenrir-mapped", 15u << 20) != 0 || map_and_touch("/dev/shm/fenrir-mapped", 15u << 20) != 0) {
        return 2;
    }
    const size_t heap = 16u << 20;
    volatile char *bytes = malloc(heap);
    for (size_t offset = 0; bytes != NULL && offset < heap; offset += 4096) {
        bytes[offset] = 'h';
    }
    fprintf(stderr, "touched the heap\n");
    return 0;
}
