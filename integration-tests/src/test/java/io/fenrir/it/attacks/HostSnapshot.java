package io.fenrir.it.attacks;

import io.fenrir.it.harness.LocalService;
import io.fenrir.it.stack.FenrirStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the sandboxes of one {@link FenrirStack} leave on the host: containers and tasks in its containerd
 * namespace, mounts under its containerd dir or the rootfs, processes and cgroups of its workers, worker
 * socket directories, and the host-wide figures a leak would move (memory, disk, a few host files, the clock).
 *
 * <p>Other test runs may share the machine, so everything per-worker is scoped to this stack: its containerd,
 * its cgroup parent and the worker ids its containerd has shown ({@code workerIds}), each id written as
 * {@code <worker>}, so that two snapshots with the same number of warm workers compare equal although the
 * workers are new.
 *
 * @param platformRssKb resident memory of the stack's own services and this JVM: their heaps may grow during
 *                      the suite, which is not a leak of the sandbox, so it is added back to MemAvailable
 */
record HostSnapshot(List<String> containers, List<String> tasks, List<String> mounts, List<String> processes,
        List<String> cgroups, List<String> workerDirs, long memAvailableKb, long platformRssKb, long diskFreeBytes,
        Map<String, String> hostFiles, long clockOffsetMs) {

    /**
     * Memory may differ by this much: the page cache of the toolchains the jobs loaded, slab caches and
     * the services' native memory (metaspace, JIT code, thread stacks, PostgreSQL buffers) move by tens of
     * MB between two quiet moments; one leaked sandbox tmpfs, by contrast, holds up to 64 MiB per job and
     * the suite fills over a dozen of them, and a leaked memory bomb holds its whole memoryMb.
     */
    static final long MEMORY_TOLERANCE_KB = 150 * 1024;
    /**
     * Free disk may differ by this much: PostgreSQL's WAL segments (16 MiB each), containerd's metadata
     * database, the services' logs and the few MiB of stored outputs; jobs write only to tmpfs, so a job
     * write that reached the disk would show as up to 64 MiB (a tmpfs) per job.
     */
    static final long DISK_TOLERANCE_BYTES = 50L * 1024 * 1024;
    /** The wall clock may drift from the monotonic clock by this much between two snapshots. */
    static final long CLOCK_TOLERANCE_MS = 2_000;

    private static final List<String> HOST_FILES = List.of("/etc/passwd", "/etc/shadow", "/etc/group",
            "/etc/hosts", "/etc/hostname", "/proc/sys/kernel/hostname", "/proc/sys/kernel/core_pattern",
            "/proc/sys/kernel/modprobe", "/proc/sys/kernel/randomize_va_space", "/proc/sys/kernel/sysrq");

    static HostSnapshot take(FenrirStack stack, Set<String> workerIds, Path rootfs) {
        Path containerdDir = stack.containerd.dir();
        return new HostSnapshot(
                normalized(lines(stack.containerd.ctr("-n", FenrirStack.NAMESPACE, "containers", "ls", "-q")), workerIds),
                normalized(lines(stack.containerd.ctr("-n", FenrirStack.NAMESPACE, "tasks", "ls")).stream()
                        .skip(1).map(line -> line.replaceAll("\\s+\\d+\\s+", " ")).toList(), workerIds),
                normalized(mounts(containerdDir, rootfs, workerIds), workerIds),
                normalized(processes(workerIds), workerIds),
                normalized(cgroups(stack.cgroupParent()), workerIds),
                normalized(list(containerdDir.resolve("workers")), workerIds),
                meminfo("MemAvailable"),
                platformRss(stack),
                usableSpace(containerdDir),
                hashHostFiles(),
                System.currentTimeMillis() - System.nanoTime() / 1_000_000);
    }

    /** What differs from BEFORE beyond the tolerances, in words; empty when the host is back as it was. */
    List<String> differencesFrom(HostSnapshot before) {
        List<String> differences = new ArrayList<>();
        compare(differences, "containers", before.containers, containers);
        compare(differences, "tasks", before.tasks, tasks);
        compare(differences, "mounts", before.mounts, mounts);
        compare(differences, "worker processes", before.processes, processes);
        compare(differences, "worker cgroups", before.cgroups, cgroups);
        compare(differences, "worker socket dirs", before.workerDirs, workerDirs);
        long memoryBefore = before.memAvailableKb + before.platformRssKb;
        long memoryNow = memAvailableKb + platformRssKb;
        if (memoryBefore - memoryNow > MEMORY_TOLERANCE_KB) {
            differences.add("memory available (plus the platform's own RSS) fell from " + memoryBefore / 1024
                    + " MiB to " + memoryNow / 1024 + " MiB, more than " + MEMORY_TOLERANCE_KB / 1024 + " MiB");
        }
        if (before.diskFreeBytes - diskFreeBytes > DISK_TOLERANCE_BYTES) {
            differences.add("free disk fell from " + before.diskFreeBytes / 1048576 + " MiB to "
                    + diskFreeBytes / 1048576 + " MiB, more than " + DISK_TOLERANCE_BYTES / 1048576 + " MiB");
        }
        before.hostFiles.forEach((file, hash) -> {
            if (!hash.equals(hostFiles.get(file))) {
                differences.add("host file " + file + " changed");
            }
        });
        if (Math.abs(clockOffsetMs - before.clockOffsetMs) > CLOCK_TOLERANCE_MS) {
            differences.add("the host's wall clock moved by " + (clockOffsetMs - before.clockOffsetMs) + " ms");
        }
        return differences;
    }

    /** Nothing of any worker is left: what must hold once the manager has stopped. */
    List<String> leftovers() {
        List<String> left = new ArrayList<>();
        Map<String, List<String>> parts = new LinkedHashMap<>();
        parts.put("containers", containers);
        parts.put("tasks", tasks);
        parts.put("mounts", mounts);
        parts.put("worker processes", processes);
        parts.put("worker cgroups", cgroups);
        parts.put("worker socket dirs", workerDirs);
        parts.forEach((what, items) -> {
            if (!items.isEmpty()) {
                left.add(what + " left: " + counted(items));
            }
        });
        return left;
    }

    /** Adds what NOW has more and less of than BEFORE (lists compared as multisets). */
    private static void compare(List<String> differences, String what, List<String> before, List<String> now) {
        List<String> extra = new ArrayList<>(now);
        before.forEach(extra::remove);
        List<String> missing = new ArrayList<>(before);
        now.forEach(missing::remove);
        if (!extra.isEmpty() || !missing.isEmpty()) {
            differences.add(what + ": " + extra.size() + " more " + counted(extra) + ", " + missing.size() + " fewer "
                    + counted(missing));
        }
    }

    /** The distinct items, each with its count when above one ("unified/<worker> procs=0 x47"). */
    private static List<String> counted(List<String> items) {
        Map<String, Long> counts = items.stream()
                .collect(Collectors.groupingBy(item -> item, LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .map(e -> e.getValue() == 1 ? e.getKey() : e.getKey() + " x" + e.getValue()).toList();
    }

    /** Mount points (field 5 of mountinfo) under the containerd dir or the rootfs, or naming a worker. */
    private static List<String> mounts(Path containerdDir, Path rootfs, Set<String> workerIds) {
        return lines(read(Path.of("/proc/self/mountinfo"))).stream()
                .map(line -> line.split(" ")[4].replace("\\040", " "))
                .filter(point -> point.startsWith(containerdDir + "/") || point.startsWith(rootfs + "/")
                        || point.equals(rootfs.toString()) || workerIds.stream().anyMatch(point::contains))
                .toList();
    }

    /** "uid=N comm" of every process in a worker's cgroup (a container's processes all are). */
    private static List<String> processes(Set<String> workerIds) {
        List<String> found = new ArrayList<>();
        for (Path proc : list(Path.of("/proc")).stream().filter(name -> name.matches("\\d+"))
                .map(name -> Path.of("/proc", name)).toList()) {
            String cgroup = readQuietly(proc.resolve("cgroup"));
            if (workerIds.stream().anyMatch(cgroup::contains)) {
                String uid = lines(readQuietly(proc.resolve("status"))).stream()
                        .filter(line -> line.startsWith("Uid:")).map(line -> line.split("\\s+")[1]).findFirst()
                        .orElse("?");
                found.add("uid=" + uid + " " + readQuietly(proc.resolve("comm")).strip());
            }
        }
        return found;
    }

    /**
     * Every cgroup directory below the stack's cgroup parent, in every hierarchy, with its process count
     * (the stack's own parent: other stacks on the machine have theirs).
     */
    private static List<String> cgroups(String parent) {
        List<String> found = new ArrayList<>();
        for (String hierarchy : list(Path.of("/sys/fs/cgroup"))) {
            Path top = Path.of("/sys/fs/cgroup", hierarchy, parent);
            if (Files.isSymbolicLink(top.getParent()) || !Files.isDirectory(top)) {
                continue;
            }
            walkCgroups(top, 0, dir -> {
                if (!dir.equals(top)) {
                    found.add(hierarchy + "/" + top.relativize(dir) + " procs="
                            + lines(readQuietly(dir.resolve("cgroup.procs"))).size());
                }
            });
        }
        return found;
    }

    /** Visits DIR and its subdirectories, skipping any that vanish meanwhile (other tests' containers). */
    private static void walkCgroups(Path dir, int depth, Consumer<Path> visitor) {
        visitor.accept(dir);
        if (depth == 3) {
            return;
        }
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(child -> Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)).toList()
                    .forEach(child -> walkCgroups(child, depth + 1, visitor));
        } catch (IOException | UncheckedIOException e) {
            // gone while listed: nothing of it to report
        }
    }

    private static long platformRss(FenrirStack stack) {
        List<ProcessHandle> services = new ArrayList<>(List.of(ProcessHandle.current()));
        for (LocalService<?> service : List.<LocalService<?>>of(stack.api, stack.manager, stack.nats, stack.postgres, stack.s3, stack.containerd)) {
            if (!service.isRunning()) {
                continue;
            }
            ProcessHandle.of(service.pid()).ifPresent(handle -> {
                services.add(handle);
                handle.descendants().filter(p -> !p.info().command().orElse("").contains("containerd-shim"))
                        .forEach(services::add);
            });
        }
        return services.stream().mapToLong(p -> field(readQuietly(Path.of("/proc", Long.toString(p.pid()), "status")),
                "VmRSS")).sum();
    }

    private static long meminfo(String name) {
        return field(read(Path.of("/proc/meminfo")), name);
    }

    /** The number of kB in a "Name:   1234 kB" line of TEXT, 0 when absent. */
    private static long field(String text, String name) {
        return lines(text).stream().filter(line -> line.startsWith(name + ":"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(0);
    }

    private static long usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read the free space of " + dir, e);
        }
    }

    private static Map<String, String> hashHostFiles() {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String file : HOST_FILES) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Path.of(file)));
                hashes.put(file, HexFormat.of().formatHex(digest));
            } catch (IOException e) {
                hashes.put(file, "unreadable: " + e.getClass().getSimpleName());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return hashes;
    }

    /** Sorted, with every worker id replaced by {@code <worker>}. */
    private static List<String> normalized(List<String> items, Set<String> workerIds) {
        return items.stream().map(item -> {
            String result = item;
            for (String id : workerIds) {
                result = result.replace(id, "<worker>");
            }
            return result;
        }).sorted().toList();
    }

    private static List<String> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read " + file, e);
        }
    }

    /** A /proc or /sys file that may vanish while it is read (the process exited): empty then. */
    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }
}
