#!/usr/bin/python3
"""Writes the job seccomp filter: the compiled BPF program that bubblewrap (--seccomp FD) installs on
every job program, on top of the worker container's allowlist (deploy/seccomp/fenrir-*.json).

Seccomp filters stack and the strictest answer wins, so this filter only has to deny what the worker's
allowlist must keep for the agent and for bubblewrap itself (namespaces, mounts, netlink, ...) but a job
must never do. Everything else it allows; the worker's allowlist still applies beneath it. Calls of any
other ABI than the native one (32-bit int 0x80, x32) are killed: libseccomp's default for a foreign
architecture in a native-only filter.

Built by libseccomp (Debian package python3-seccomp), not by hand: usage: job-filter.py OUTPUT.bpf
"""
import errno
import sys

import seccomp
from seccomp import Arg, ERRNO, MASKED_EQ

AF_UNIX, AF_INET, AF_INET6 = 1, 2, 10
# AF_MAX is 46 in Linux 6.x; the margin covers families added later, which the kernel refuses anyway
# until it knows them.
MAX_FAMILY = 63
LOW32 = 0xFFFFFFFF
SOL_SOCKET = 1
SO_SNDBUF, SO_RCVBUF, SO_SNDBUFFORCE, SO_RCVBUFFORCE = 7, 8, 32, 33
CLONE_NEW = {
    "CLONE_NEWNS": 0x00020000,
    "CLONE_NEWCGROUP": 0x02000000,
    "CLONE_NEWUTS": 0x04000000,
    "CLONE_NEWIPC": 0x08000000,
    "CLONE_NEWUSER": 0x10000000,
    "CLONE_NEWPID": 0x20000000,
    "CLONE_NEWNET": 0x40000000,
}

# (syscalls, errno, why): denied outright.
DENIED = [
    (["mount", "umount2", "pivot_root", "chroot", "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount",
      "fspick", "mount_setattr"], errno.EPERM,
     "bubblewrap built the job's mounts; the job changes none (the worker must allow them for bubblewrap)"),
    (["unshare", "setns"], errno.EPERM,
     "no new or other namespaces: the job stays in the ones bubblewrap made for it"),
    (["sync", "syncfs"], errno.EPERM,
     "a job flushing every file system of the host in a loop stalls every other tenant's I/O"),
    (["io_uring_setup", "io_uring_enter", "io_uring_register"], errno.EPERM,
     "io_uring performs operations that seccomp never sees"),
    (["bpf", "perf_event_open", "userfaultfd", "keyctl", "add_key", "request_key"], errno.EPERM,
     "kernel interfaces with a long record of privilege escalations; no job needs them"),
]


def build(path):
    f = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    for names, code, _why in DENIED:
        for name in names:
            f.add_rule(ERRNO(code), name)
    # clone with any namespace flag. One rule per flag: the rules of a syscall are ORed, the comparisons of
    # one rule ANDed. clone3 hides its flags in memory seccomp cannot read: ENOSYS sends glibc back to clone.
    for flag in CLONE_NEW.values():
        f.add_rule(ERRNO(errno.EPERM), "clone", Arg(0, MASKED_EQ, flag, flag))
    f.add_rule(ERRNO(errno.ENOSYS), "clone3")
    # The kernel reads an int argument from the low 32 bits of its register; seccomp compares all 64. An
    # equality rule on an int argument must therefore mask the high bits, or socket(AF_VSOCK + 2**32)
    # would pass it (found by attack 59-seccomp-arg-high-bits).
    def low32(index, value):
        return Arg(index, MASKED_EQ, LOW32, value)

    # Socket families: AF_UNIX, AF_INET and AF_INET6 only. AF_VSOCK reaches the hypervisor whatever the network
    # namespace, AF_ALG is the kernel's crypto API, AF_NETLINK talks to the kernel's subsystems. Every other
    # family number up to one past the kernel's largest is refused one by one (a masked comparison cannot
    # say "greater than"); the kernel itself refuses the numbers above (EAFNOSUPPORT).
    for family in range(0, MAX_FAMILY + 1):
        if family not in (AF_UNIX, AF_INET, AF_INET6):
            f.add_rule(ERRNO(errno.EAFNOSUPPORT), "socket", low32(0, family))
            f.add_rule(ERRNO(errno.EAFNOSUPPORT), "socketpair", low32(0, family))
    # Socket buffers stay at the kernel's defaults: a job raising them pins kernel memory per socket.
    for option in (SO_SNDBUF, SO_RCVBUF, SO_SNDBUFFORCE, SO_RCVBUFFORCE):
        f.add_rule(ERRNO(errno.EPERM), "setsockopt", low32(1, SOL_SOCKET), low32(2, option))
    with open(path, "wb") as out:
        f.export_bpf(out)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: job-filter.py OUTPUT.bpf")
    build(sys.argv[1])
