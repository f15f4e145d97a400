// fenrir-attack: writes a 2 MiB file with fileBytes=1 MiB; RLIMIT_FSIZE stops the write at 1 MiB with SIGXFSZ, which is an OUTPUT_LIMIT
// expect-verdict: OUTPUT_LIMIT
// expect-field: signal=25
// limits: cpuMs=5000 wallMs=10000 memoryMb=64 fileBytes=1048576
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    static char block[64 << 10];
    memset(block, 'b', sizeof block);
    int fd = open("big.bin", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        perror("big.bin");
        return 2;
    }
    for (int i = 0; i < 32; i++) {
        if (write(fd, block, sizeof block) < 0) {
            perror("write");
            return 3; // only reached if SIGXFSZ is ignored
        }
    }
    printf("wrote 2 MiB past the file size limit\n");
    return 0;
}
