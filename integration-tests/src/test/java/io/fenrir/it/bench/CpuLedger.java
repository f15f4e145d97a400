package io.fenrir.it.bench;

import io.fenrir.it.stack.FenrirStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the CPU of a benchmark phase went, by component of the stack: each process's own CPU time
 * (/proc/PID/stat, every thread, and its descendants': PostgreSQL's backends) and, for the workers,
 * the cgroups (cpuacct, hierarchical: it keeps what removed child cgroups used). Take one reading
 * before and one after; {@link #minus} is the phase.
 */
record CpuLedger(Map<String, Long> millis) {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ

    static CpuLedger read(FenrirStack stack) throws IOException {
        Map<String, Long> millis = new LinkedHashMap<>();
        millis.put("API server", processTree(stack.api.pid()));
        millis.put("sandbox manager", processTree(stack.manager.pid()));
        millis.put("NATS", processTree(stack.nats.pid()));
        millis.put("PostgreSQL", processTree(stack.postgres.pid()));
        millis.put("S3Proxy", processTree(stack.s3.pid()));
        // The shims are re-parented away from the daemon: found by name.
        millis.put("containerd and its shims", processTree(stack.containerd.pid()) + byName("containerd-shim"));
        Path workers = Path.of("/sys/fs/cgroup/cpuacct", stack.cgroupParent());
        // Hierarchical: it keeps what retired workers and removed step cgroups used.
        millis.put("workers: agents, tini, container start-up and the job sandboxes", cpuacct(workers));
        return new CpuLedger(millis);
    }

    CpuLedger minus(CpuLedger before) {
        Map<String, Long> delta = new LinkedHashMap<>();
        millis.forEach((name, value) -> delta.put(name, value - before.millis().getOrDefault(name, 0L)));
        return new CpuLedger(delta);
    }

    private static long processTree(long pid) {
        return ProcessHandle.of(pid).map(root -> Stream.concat(Stream.of(root), root.descendants())
                .mapToLong(p -> ownTicks(p.pid())).sum() * 1000 / TICKS_PER_SECOND).orElse(0L);
    }

    private static long byName(String name) {
        return ProcessHandle.allProcesses().filter(p -> p.info().command().orElse("").contains(name))
                .mapToLong(p -> ownTicks(p.pid())).sum() * 1000 / TICKS_PER_SECOND;
    }

    /** utime + stime of one process (all its threads), in ticks; 0 when it is gone. */
    private static long ownTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long cpuacct(Path cgroup) {
        try {
            return Long.parseLong(Files.readString(cgroup.resolve("cpuacct.usage")).trim()) / 1_000_000;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
