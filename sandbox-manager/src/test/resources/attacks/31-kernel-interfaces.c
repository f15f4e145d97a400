// fenrir-attack: kernel interfaces a job has no business with: keyctl, add_key, request_key, bpf, perf_event_open, init_module, finit_module, delete_module, kexec, reboot, clock_settime, settimeofday, adjtimex, clock_adjtime, swapon/swapoff, acct, syslog, iopl/ioperm, personality(ADDR_NO_RANDOMIZE), userfaultfd, io_uring_setup, name_to_handle_at/open_by_handle_at (the "shocker" escape), sethostname, setdomainname, vhangup, fanotify_init, quotactl, mknod of /dev/mem, real-time scheduling and negative nice; the seccomp allowlist returns EPERM and the rest needs capabilities the job does not have; the clock must not move
// expect-verdict: OK
// expect-stdout: DENIED keyctl EPERM
// expect-stdout: DENIED bpf EPERM
// expect-stdout: DENIED perf_event_open EPERM
// expect-stdout: DENIED finit_module EPERM
// expect-stdout: DENIED reboot EPERM
// expect-stdout: DENIED clock_settime EPERM
// expect-stdout: DENIED open_by_handle_at EPERM
// expect-stdout: DENIED clock unchanged
// expect-stdout: DONE
// expect-stdout-not: ESCAPED
// limits: cpuMs=5000 wallMs=10000 memoryMb=64
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <linux/reboot.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

static void expect_error(const char *what, long rc) {
    int error = errno;
    if (rc < 0) printf("DENIED %s %s\n", what, strerrorname_np(error));
    else printf("ESCAPED %s returned %ld\n", what, rc);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    time_t before = time(NULL);
    char blob[512] = {0};
    expect_error("keyctl", syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3 /* session */, 1));
    expect_error("add_key", syscall(SYS_add_key, "user", "fenrir", "x", 1, -3));
    expect_error("request_key", syscall(SYS_request_key, "user", "fenrir", NULL, -3));
    expect_error("bpf", syscall(SYS_bpf, 5 /* BPF_PROG_LOAD */, blob, 128));
    struct perf_event_attr perf = {.type = PERF_TYPE_SOFTWARE, .size = sizeof perf, .config = PERF_COUNT_SW_CPU_CLOCK};
    expect_error("perf_event_open", syscall(SYS_perf_event_open, &perf, 0, -1, -1, 0));
    expect_error("init_module", syscall(SYS_init_module, blob, sizeof blob, ""));
    int null = open("/dev/null", O_RDONLY);
    expect_error("finit_module", syscall(SYS_finit_module, null, "", 0));
    expect_error("delete_module", syscall(SYS_delete_module, "ext4", O_NONBLOCK));
    expect_error("kexec_load", syscall(SYS_kexec_load, 0, 0, NULL, 0));
    expect_error("kexec_file_load", syscall(SYS_kexec_file_load, null, null, 1, "", 4 /* NO_INITRAMFS */));
    // The mildest command: the CAP_SYS_BOOT check is the same for all of them.
    expect_error("reboot", syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_CAD_OFF, NULL));
    struct timespec past = {.tv_sec = 1000000000};
    expect_error("clock_settime", syscall(SYS_clock_settime, CLOCK_REALTIME, &past));
    struct timeval past_tv = {.tv_sec = 1000000000};
    expect_error("settimeofday", syscall(SYS_settimeofday, &past_tv, NULL));
    struct timex shift = {.modes = ADJ_SETOFFSET, .time = {.tv_sec = -86400}};
    expect_error("clock_adjtime", syscall(SYS_clock_adjtime, CLOCK_REALTIME, &shift));
    struct timex offset = {.modes = ADJ_OFFSET | ADJ_STATUS, .offset = 500000};
    expect_error("adjtimex", syscall(SYS_adjtimex, &offset));
    expect_error("swapon", syscall(SYS_swapon, "/sandbox/swap", 0));
    expect_error("swapoff", syscall(SYS_swapoff, "/"));
    expect_error("acct", syscall(SYS_acct, "/tmp/acct"));
    expect_error("syslog", syscall(SYS_syslog, 3 /* READ_ALL */, blob, sizeof blob));
    expect_error("iopl", syscall(SYS_iopl, 3));
    expect_error("ioperm", syscall(SYS_ioperm, 0x80, 1, 1));
    expect_error("personality(ADDR_NO_RANDOMIZE)", syscall(SYS_personality, 0x0040000));
    expect_error("userfaultfd", syscall(SYS_userfaultfd, 1 /* UFFD_USER_MODE_ONLY */));
    expect_error("io_uring_setup", syscall(SYS_io_uring_setup, 1, blob));
    struct { unsigned int bytes; int type; unsigned char handle[128]; } handle = {.bytes = 128};
    int mount_id;
    expect_error("name_to_handle_at", syscall(SYS_name_to_handle_at, AT_FDCWD, "/etc/shadow", &handle, &mount_id, 0));
    handle.bytes = 8; // a guessed handle, as the shocker exploit brute-forces the root inode's
    handle.type = 1;
    expect_error("open_by_handle_at", syscall(SYS_open_by_handle_at, AT_FDCWD, &handle, O_RDONLY));
    expect_error("sethostname", syscall(SYS_sethostname, "pwned", 5));
    expect_error("setdomainname", syscall(SYS_setdomainname, "pwned", 5));
    expect_error("vhangup", syscall(SYS_vhangup));
    expect_error("fanotify_init", syscall(SYS_fanotify_init, 0, O_RDONLY));
    expect_error("quotactl", syscall(SYS_quotactl, 0x800002 /* QCMD(Q_QUOTAON, USRQUOTA) */, "/dev/vda", 0, "/tmp"));
    expect_error("mknod(/sandbox/mem)", mknod("/sandbox/mem", S_IFCHR | 0666, makedev(1, 1)));
    struct sched_param realtime = {.sched_priority = 99};
    expect_error("sched_setscheduler(SCHED_FIFO)", sched_setscheduler(0, SCHED_FIFO, &realtime));
    expect_error("setpriority(-20)", setpriority(PRIO_PROCESS, 0, -20));
    expect_error("ioprio_set(realtime)", syscall(SYS_ioprio_set, 1 /* PROCESS */, 0, (1 << 13) | 0 /* RT, 0 */));
    time_t after = time(NULL);
    if (after < before || after - before > 60) printf("ESCAPED clock moved from %ld to %ld\n", (long) before, (long) after);
    else printf("DENIED clock unchanged\n");
    printf("DONE\n");
    return 0;
}
