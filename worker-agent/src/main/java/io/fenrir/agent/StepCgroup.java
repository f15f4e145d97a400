package io.fenrir.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads one step's cgroup, which the manager created, limited and mounted for the step: its CPU
 * time, memory peak and OOM kills. These count every process the step ever had, orphans and
 * short-lived children included, which the step's own rusage would miss.
 *
 * <p>Two layouts: cgroup v2 is one directory holding every controller's files; on cgroup v1 the
 * manager mounts one directory per controller (memory, cpuacct, ...) under the step's directory.
 */
final class StepCgroup {

    private final Path cpuUsage;
    private final boolean cpuInMicros;
    private final Path memoryPeak;
    private final Path oomEvents;

    private StepCgroup(Path cpuUsage, boolean cpuInMicros, Path memoryPeak, Path oomEvents) {
        this.cpuUsage = cpuUsage;
        this.cpuInMicros = cpuInMicros;
        this.memoryPeak = memoryPeak;
        this.oomEvents = oomEvents;
    }

    static StepCgroup at(Path dir) {
        if (Files.exists(dir.resolve("cgroup.procs"))) {
            return new StepCgroup(dir.resolve("cpu.stat"), true, dir.resolve("memory.peak"), dir.resolve("memory.events"));
        }
        return new StepCgroup(dir.resolve("cpuacct/cpuacct.usage"), false,
                dir.resolve("memory/memory.max_usage_in_bytes"), dir.resolve("memory/memory.oom_control"));
    }

    /**
     * Checks that the job's user can move its processes into the cgroup (the manager hands each
     * cgroup.procs to that user), so that a launch that fails to enter it is never taken for the
     * program's own exit status.
     */
    static void requireEnterable(Path dir, int uid) throws AgentException {
        List<Path> procs = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                Path file = entry.getFileName().toString().equals("cgroup.procs") ? entry : entry.resolve("cgroup.procs");
                if (Files.exists(file)) {
                    procs.add(file);
                }
            }
            if (procs.isEmpty()) {
                throw AgentException.internal("failed to prepare step cgroup " + dir + ": it has no cgroup.procs");
            }
            for (Path file : procs) {
                if (!Integer.valueOf(uid).equals(Files.getAttribute(file, "unix:uid"))) {
                    throw AgentException.internal("failed to prepare step cgroup " + dir + ": " + file
                            + " is not writable by the job's user " + uid);
                }
            }
        } catch (IOException e) {
            throw AgentException.internal("failed to prepare step cgroup " + dir + ": " + e.getMessage(), e);
        }
    }

    /** CPU time of every process that has been in the cgroup, in milliseconds. */
    long cpuMs() throws AgentException {
        if (cpuInMicros) {
            return field(cpuUsage, "usage_usec") / 1000;
        }
        return number(cpuUsage) / 1_000_000;
    }

    long memoryPeakBytes() throws AgentException {
        return number(memoryPeak);
    }

    /** Processes the kernel's OOM killer killed in the cgroup ("oom_kill", kernel 4.13 and later). */
    long oomKills() throws AgentException {
        return field(oomEvents, "oom_kill");
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
