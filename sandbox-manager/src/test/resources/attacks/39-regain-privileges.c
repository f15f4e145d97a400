// fenrir-attack: tries to become root again: setuid/setresuid/setreuid/setfsuid/setgid/setresgid/setgroups to 0, capset of every capability, clearing no_new_privs, raising ambient capabilities and securebits; uid and gid 0 are not even mapped in the job's user namespace (EINVAL); then checks /proc/self/status: uid and gid 1001 everywhere, no supplementary group 0, empty capability sets (bounding set included), NoNewPrivs 1, Seccomp 2 (filter mode)
// expect-verdict: OK
// expect-stdout: DENIED setuid(0) EINVAL
// expect-stdout: DENIED capset EPERM
// expect-stdout: status Uid: 1001 1001 1001 1001
// expect-stdout: status CapBnd: 0000000000000000
// expect-stdout: status NoNewPrivs: 1
// expect-stdout: status Seccomp: 2
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void must_fail(const char *what, long rc) {
    int error = errno;
    if (rc < 0) printf("DENIED %s %s\n", what, strerrorname_np(error));
    else printf("ESCAPED %s returned %ld\n", what, rc);
}

/* Prints a /proc/self/status line and flags it when it differs from EXPECTED. */
static void status(const char *line, const char *field, const char *expected) {
    if (strncmp(line, field, strlen(field)) != 0) return;
    char value[256];
    snprintf(value, sizeof value, "%s", line + strlen(field));
    value[strcspn(value, "\n")] = '\0';
    for (char *c = value; *c; c++) if (*c == '\t') *c = ' ';
    char *text = value + strspn(value, " ");
    printf("%sstatus %s %s\n", strcmp(text, expected) == 0 ? "" : "ESCAPED ", field, text);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    must_fail("setuid(0)", setuid(0));
    must_fail("setresuid(0,0,0)", setresuid(0, 0, 0));
    must_fail("setreuid(0,0)", setreuid(0, 0));
    must_fail("setgid(0)", setgid(0));
    must_fail("setresgid(0,0,0)", setresgid(0, 0, 0));
    gid_t root_group = 0;
    must_fail("setgroups([0])", setgroups(1, &root_group));
    setfsuid(0);
    if (setfsuid((uid_t) -1) == 0) printf("ESCAPED setfsuid(0)\n");
    else printf("DENIED setfsuid(0) fsuid stays %d\n", setfsuid((uid_t) -1));
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct all[2];
    memset(all, 0xff, sizeof all);
    must_fail("capset", syscall(SYS_capset, &header, all));
    must_fail("prctl(NO_NEW_PRIVS=0)", prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0));
    must_fail("prctl(CAP_AMBIENT_RAISE,SYS_ADMIN)", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, 21, 0, 0));
    must_fail("prctl(SET_SECUREBITS,0)", prctl(PR_SET_SECUREBITS, 0, 0, 0, 0));
    FILE *self = fopen("/proc/self/status", "r");
    char line[512];
    while (self != NULL && fgets(line, sizeof line, self) != NULL) {
        status(line, "Uid:", "1001 1001 1001 1001");
        status(line, "Gid:", "1001 1001 1001 1001");
        if (strncmp(line, "Groups:", 7) == 0 && (strstr(line, "\t0 ") || strstr(line, " 0 ") || strstr(line, "\t0\n")))
            printf("ESCAPED supplementary group 0: %s", line);
        status(line, "CapInh:", "0000000000000000");
        status(line, "CapPrm:", "0000000000000000");
        status(line, "CapEff:", "0000000000000000");
        status(line, "CapBnd:", "0000000000000000");
        status(line, "CapAmb:", "0000000000000000");
        status(line, "NoNewPrivs:", "1");
        status(line, "Seccomp:", "2");
    }
    printf("DONE\n");
    return 0;
}
