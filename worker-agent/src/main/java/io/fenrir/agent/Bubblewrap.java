package io.fenrir.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The bubblewrap (bwrap, Debian package {@code bubblewrap}) command line of one step's sandbox. What
 * the program gets, all of it fresh for the step and gone with it:
 * <ul>
 *   <li>its own user namespace (the step's uid mapped to itself, no capabilities, no further user
 *       namespaces: --disable-userns), pid namespace (the program is pid 2 under bwrap's init; when
 *       that init dies the kernel kills everything left), mount, ipc (System V and POSIX queues),
 *       uts, cgroup and network namespace (loopback only: abstract sockets and ports die with it);</li>
 *   <li>a read-only root with a read-only view of the rootfs's /usr and /etc and its top-level links
 *       into /usr; a procfs of its own pid namespace (its kernel interfaces read-only); a read-only
 *       /dev of its own with null, zero, full, random and urandom only (no pty: a pty's buffers are
 *       memory no cgroup limit sees);</li>
 *   <li>a fresh tmpfs on /tmp and one on /dev/shm, each of the step's tmpfs size, their pages charged
 *       to the step's cgroup; the job's directory on {@link #WORK_DIR}, shared by the job's steps and
 *       nothing else;</li>
 *   <li>a new session (no terminal to inject into), death with its parent, and the job seccomp filter.</li>
 * </ul>
 * The agent's socket, the worker's /tmp, /run, /sys and /opt are not there at all.
 */
final class Bubblewrap {

    /** Where the job's directory appears in the sandbox: the steps' working directory and HOME. */
    static final String WORK_DIR = "/sandbox";
    static final long DEFAULT_TMPFS_BYTES = 64L << 20;
    private static final Path BWRAP = Path.of("/usr/bin/bwrap");
    private static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom");
    /**
     * Kernel interfaces of the sandbox's procfs made read-only, as runc does for a container: their own
     * permission checks already refuse an unprivileged job, this is the second lock.
     */
    private static final List<String> READ_ONLY_PROC = List.of("/proc/sys", "/proc/sysrq-trigger", "/proc/irq",
            "/proc/bus", "/proc/fs");

    /** Top-level links of the root (merged /usr: bin → usr/bin, lib64 → usr/lib64, ...), as the sandbox repeats them. */
    private final List<String[]> rootLinks;

    private Bubblewrap(List<String[]> rootLinks) {
        this.rootLinks = rootLinks;
    }

    /** Reads the links of {@code root} into /usr once, at the agent's start. */
    static Bubblewrap forRoot(Path root) throws IOException {
        List<String[]> links = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : (Iterable<Path>) entries.sorted()::iterator) {
                if (Files.isSymbolicLink(entry)) {
                    String target = Files.readSymbolicLink(entry).toString();
                    if (target.startsWith("usr/") || target.startsWith("/usr/")) {
                        links.add(new String[] {target, "/" + entry.getFileName()});
                    }
                }
            }
        }
        return new Bubblewrap(List.copyOf(links));
    }

    /**
     * bwrap and its options up to and including "--": the program's argv follows.
     *
     * @param readOnlyJobDir the job's directory is mounted read-only (a test's run): only /tmp and
     *                       /dev/shm, fresh for the step, can be written
     * @param seccompFd      the descriptor on which the job seccomp filter is open in the bwrap process
     */
    List<String> argv(int uid, int gid, Path jobDir, boolean readOnlyJobDir, long tmpfsBytes, int seccompFd) {
        long tmpfs = tmpfsBytes > 0 ? tmpfsBytes : DEFAULT_TMPFS_BYTES;
        List<String> argv = new ArrayList<>(List.of(BWRAP.toString(),
                "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session",
                "--uid", Integer.toString(uid), "--gid", Integer.toString(gid), "--hostname", "sandbox",
                "--cap-drop", "ALL",
                "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"));
        for (String[] link : rootLinks) {
            argv.addAll(List.of("--symlink", link[0], link[1]));
        }
        argv.addAll(List.of("--proc", "/proc"));
        for (String path : READ_ONLY_PROC) {
            argv.addAll(List.of("--ro-bind-try", path, path));
        }
        argv.addAll(List.of("--perms", "0755", "--size", "65536", "--tmpfs", "/dev"));
        for (String device : DEVICES) {
            argv.addAll(List.of("--dev-bind", "/dev/" + device, "/dev/" + device));
        }
        argv.addAll(List.of("--symlink", "/proc/self/fd", "/dev/fd", "--symlink", "/proc/self/fd/0", "/dev/stdin",
                "--symlink", "/proc/self/fd/1", "/dev/stdout", "--symlink", "/proc/self/fd/2", "/dev/stderr",
                "--perms", "1777", "--size", Long.toString(tmpfs), "--tmpfs", "/dev/shm",
                "--perms", "1777", "--size", Long.toString(tmpfs), "--tmpfs", "/tmp",
                readOnlyJobDir ? "--ro-bind" : "--bind", jobDir.toString(), WORK_DIR, "--chdir", WORK_DIR,
                // The sandbox's root and /dev are tmpfs bwrap made, owned by the step's user: read-only
                // once everything is mounted on them, so nothing but /tmp, /dev/shm and the job's
                // directory can be written.
                "--remount-ro", "/dev", "--remount-ro", "/",
                "--seccomp", Integer.toString(seccompFd), "--"));
        return argv;
    }
}
