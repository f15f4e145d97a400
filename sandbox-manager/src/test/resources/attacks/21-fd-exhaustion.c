// fenrir-attack: opens descriptors until the kernel refuses and tries to raise RLIMIT_NOFILE; the rlimit (256) stops it with EMFILE and the hard limit cannot be raised without CAP_SYS_RESOURCE
// expect-verdict: OK
// expect-stdout: DENIED open EMFILE
// expect-stdout: DENIED raise-nofile EPERM
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct rlimit more = {1 << 20, 1 << 20};
    if (setrlimit(RLIMIT_NOFILE, &more) == 0) printf("ESCAPED raise-nofile to %d\n", 1 << 20);
    else printf("DENIED raise-nofile %s\n", strerrorname_np(errno));
    int opened = 0;
    while (open("/dev/null", O_RDONLY) >= 0) {
        opened++;
    }
    int error = errno;
    printf("%s open %s after %d descriptors\n", opened + 3 <= 256 ? "DENIED" : "ESCAPED", strerrorname_np(error), opened);
    printf("DONE\n");
    return 0;
}
