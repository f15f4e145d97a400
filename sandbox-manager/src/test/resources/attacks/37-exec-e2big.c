// fenrir-attack: huge argv and environment built inside the job and passed to execve: one 200 KiB argument (over MAX_ARG_STRLEN, 128 KiB) and a 20 MiB environment (over the kernel's cap on argv plus environment: a quarter of the stack rlimit, at most 6 MiB); the kernel refuses both with E2BIG and the program goes on (an execve that succeeded would have replaced it before DONE)
// expect-verdict: OK
// expect-stdout: DENIED execve-arg-200KiB E2BIG
// expect-stdout: DENIED execve-env-20MiB E2BIG
// expect-stdout: DONE
// limits: cpuMs=5000 wallMs=10000 memoryMb=256
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *filled(size_t length, char with) {
    char *text = malloc(length + 1);
    memset(text, with, length);
    text[length] = '\0';
    return text;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    char *argv[] = {"/bin/true", filled(200 << 10, 'a'), NULL};
    char *empty[] = {NULL};
    execve(argv[0], argv, empty);
    printf("DENIED execve-arg-200KiB %s\n", strerrorname_np(errno));
    size_t count = 200; // 200 variables of 100 KiB each
    char **env = calloc(count + 1, sizeof *env);
    for (size_t i = 0; i < count; i++) {
        env[i] = filled(100 << 10, 'e');
        env[i][0] = 'V';
        env[i][1] = '=';
    }
    char *plain[] = {"/bin/true", NULL};
    execve(plain[0], plain, env);
    printf("DENIED execve-env-20MiB %s\n", strerrorname_np(errno));
    printf("DONE\n");
    return 0;
}
