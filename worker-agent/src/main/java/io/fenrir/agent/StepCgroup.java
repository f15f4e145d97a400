package io.fenrir.agent;

import io.fenrir.agent.v1.StepLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One step's own cgroup, made fresh by the agent for the step under the worker's delegated subtree
 * (the manager made the subtree the agent's and capped it) and removed once the step is over: its
 * limits (memory, processes, CPU bandwidth) and its figures (CPU time, memory peak, OOM kills).
 * The figures count every process the step ever had, orphans and short-lived children included.
 * Nothing carries over from one job to the next: each step starts from zero.
 *
 * <p>Two layouts of the delegated root: cgroup v2 is one directory holding every controller's files;
 * on cgroup v1 the manager mounts one directory per hierarchy (memory, cpu,cpuacct, pids) under it.
 * The step's processes enter every one of them ({@link #procsFiles}) before they drop to the job's
 * user: cgroup.procs belongs to the agent, so the job cannot move itself anywhere.
 */
final class StepCgroup {

    private static final int REMOVE_ATTEMPTS = 50;
    private static final long REMOVE_RETRY_MS = 10;
    private static final long CFS_PERIOD_US = 100_000;

    private final boolean v2;
    /** The step's directory in every hierarchy (one on v2). */
    private final List<Path> dirs;

    private StepCgroup(boolean v2, List<Path> dirs) {
        this.v2 = v2;
        this.dirs = dirs;
    }

    /** Makes {@code name} under {@code root} and writes {@code limits} (memory, pids, CPU) into it. */
    static StepCgroup create(Path root, String name, StepLimits limits) throws AgentException {
        boolean v2 = Files.exists(root.resolve("cgroup.procs"));
        List<Path> dirs = new ArrayList<>();
        try {
            if (v2) {
                dirs.add(root.resolve(name));
            } else {
                try (Stream<Path> hierarchies = Files.list(root)) {
                    for (Path hierarchy : (Iterable<Path>) hierarchies.sorted()::iterator) {
                        if (Files.exists(hierarchy.resolve("cgroup.procs"))) {
                            dirs.add(hierarchy.resolve(name));
                        }
                    }
                }
                if (dirs.isEmpty()) {
                    throw new IOException("no cgroup hierarchy under " + root);
                }
            }
            StepCgroup cgroup = new StepCgroup(v2, List.copyOf(dirs));
            for (Path dir : dirs) {
                Files.createDirectory(dir);
            }
            cgroup.limit(limits);
            return cgroup;
        } catch (IOException e) {
            for (Path dir : dirs) {
                rmdirQuietly(dir);
            }
            throw AgentException.internal("failed to create step cgroup " + name + " under " + root + ": " + e, e);
        }
    }

    private void limit(StepLimits limits) throws IOException {
        long memory = limits.getMemoryBytes();
        if (v2) {
            Path dir = dirs.get(0);
            write(dir, "memory.max", memory);
            write(dir, "memory.swap.max", 0);
            write(dir, "pids.max", limits.getPids());
            if (limits.getCpuQuotaMicros() > 0) {
                Files.writeString(dir.resolve("cpu.max"), limits.getCpuQuotaMicros() + " " + CFS_PERIOD_US);
            }
            return;
        }
        for (Path dir : dirs) {
            if (Files.exists(dir.resolve("memory.limit_in_bytes"))) {
                write(dir, "memory.limit_in_bytes", memory);
                // Memory + swap: the same total, so a step cannot swap past its limit (absent without swap accounting).
                writeIfPresent(dir, "memory.memsw.limit_in_bytes", memory);
                // v1 charges TCP socket buffers only to a cgroup given a TCP limit: without one, loopback
                // connections pin kernel memory that no limit of the job's sees.
                writeIfPresent(dir, "memory.kmem.tcp.limit_in_bytes", memory);
            }
            if (Files.exists(dir.resolve("pids.max"))) {
                write(dir, "pids.max", limits.getPids());
            }
            if (Files.exists(dir.resolve("cpu.cfs_quota_us")) && limits.getCpuQuotaMicros() > 0) {
                write(dir, "cpu.cfs_period_us", CFS_PERIOD_US);
                write(dir, "cpu.cfs_quota_us", limits.getCpuQuotaMicros());
            }
        }
    }

    /** The cgroup.procs of every hierarchy: a process that writes 0 into each is in the step's cgroup. */
    List<Path> procsFiles() {
        return dirs.stream().map(dir -> dir.resolve("cgroup.procs")).toList();
    }

    /** The processes in the cgroup now, as pids of the agent's pid namespace. */
    List<Long> processes() throws AgentException {
        List<Long> pids = new ArrayList<>();
        for (Path procs : procsFiles()) {
            for (String line : read(procs).split("\n")) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.trim()));
                }
            }
        }
        return pids;
    }

    /** CPU time of every process that has been in the cgroup, in milliseconds. */
    long cpuMs() throws AgentException {
        if (v2) {
            return field(dirs.get(0).resolve("cpu.stat"), "usage_usec") / 1000;
        }
        return number(fileIn("cpuacct.usage")) / 1_000_000;
    }

    long memoryPeakBytes() throws AgentException {
        return number(v2 ? dirs.get(0).resolve("memory.peak") : fileIn("memory.max_usage_in_bytes"));
    }

    /** Processes the kernel's OOM killer killed in the cgroup ("oom_kill", kernel 4.13 and later). */
    long oomKills() throws AgentException {
        return field(v2 ? dirs.get(0).resolve("memory.events") : fileIn("memory.oom_control"), "oom_kill");
    }

    /**
     * Removes the step's directories; a cgroup with a process left in it cannot be removed. Returns
     * false when something stayed.
     */
    boolean remove() throws InterruptedException {
        boolean removed = true;
        for (Path dir : dirs) {
            removed &= rmdir(dir);
        }
        return removed;
    }

    private Path fileIn(String name) throws AgentException {
        for (Path dir : dirs) {
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                return file;
            }
        }
        throw AgentException.internal("failed to read step cgroup " + dirs + ": no " + name);
    }

    private static void write(Path dir, String file, long value) throws IOException {
        Files.writeString(dir.resolve(file), Long.toString(value));
    }

    private static void writeIfPresent(Path dir, String file, long value) throws IOException {
        if (Files.exists(dir.resolve(file))) {
            write(dir, file, value);
        }
    }

    private static boolean rmdir(Path dir) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return true;
            } catch (IOException e) {
                // EBUSY while the last killed processes are still leaving the cgroup.
                if (attempt == REMOVE_ATTEMPTS) {
                    return false;
                }
                Thread.sleep(REMOVE_RETRY_MS);
            }
        }
    }

    private static void rmdirQuietly(Path dir) {
        try {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // Left for the manager, which removes the worker's whole subtree with the worker.
        }
    }

    /** The value of a "name value" line of a flat-keyed cgroup file. */
    private static long field(Path file, String name) throws AgentException {
        for (String line : read(file).split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(name)) {
                return parse(file, parts[1]);
            }
        }
        throw AgentException.internal("failed to read step cgroup file " + file + ": no field " + name);
    }

    private static long number(Path file) throws AgentException {
        return parse(file, read(file).trim());
    }

    private static long parse(Path file, String value) throws AgentException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw AgentException.internal("failed to read step cgroup file " + file + ": not a number: " + value, e);
        }
    }

    private static String read(Path file) throws AgentException {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw AgentException.internal("failed to read step cgroup file " + file + ": " + e.getMessage(), e);
        }
    }
}
