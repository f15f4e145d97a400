// fenrir-attack: maps a 60 MiB file on /tmp (a 64 MiB tmpfs) and touches every page under memoryMb=32; the tmpfs pages are charged to the job's memory cgroup and cannot be swapped, so here the memory limit is the smaller bound: the OOM killer ends it
// expect-verdict: MEMORY_LIMIT
// limits: cpuMs=5000 wallMs=10000 memoryMb=32 fileBytes=67108864
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
    const size_t size = 60u << 20;
    int fd = open("/tmp/fenrir-mapped", O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ftruncate(fd, (off_t) size) != 0) {
        perror("/tmp/fenrir-mapped");
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
    fprintf(stderr, "touched all 60 MiB\n");
    return 0;
}
