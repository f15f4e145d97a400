package io.fenrir.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.fenrir.agent.v1.StepLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepCgroupTest {
    private static final StepLimits LIMITS = StepLimits.newBuilder().setMemoryBytes(64L << 20).setPids(32)
            .setCpuQuotaMicros(50_000).build();

    @TempDir
    Path dir;

    private final List<Path> realCgroups = new ArrayList<>();

    @Test
    void aV2StepGetsOneFreshDirectoryWithItsLimitsAndReadsItsFiguresThere() throws Exception {
        write("cgroup.procs", "");

        StepCgroup cgroup = StepCgroup.create(dir, "job-1-run", LIMITS);

        Path step = dir.resolve("job-1-run");
        assertThat(Files.readString(step.resolve("memory.max"))).isEqualTo(Long.toString(64L << 20));
        assertThat(Files.readString(step.resolve("memory.swap.max"))).isEqualTo("0");
        assertThat(Files.readString(step.resolve("pids.max"))).isEqualTo("32");
        assertThat(Files.readString(step.resolve("cpu.max"))).isEqualTo("50000 100000");
        write("job-1-run/cpu.stat", "usage_usec 45000\nuser_usec 40000\nsystem_usec 5000\n");
        write("job-1-run/memory.peak", "1048576\n");
        write("job-1-run/memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
        assertThat(cgroup.cpuMs()).isEqualTo(45);
        assertThat(cgroup.memoryPeakBytes()).isEqualTo(1048576);
        assertThat(cgroup.oomKills()).isEqualTo(1);
        assertThat(cgroup.procsFiles()).containsExactly(step.resolve("cgroup.procs"));
    }

    /**
     * On a real cgroup v1 host (this machine kind), as root: the kernel's own files, not look-alikes. Tagged
     * host, so failsafe runs it; skipped where the host has no writable v1 hierarchies.
     */
    @Test
    @Tag("host")
    void aV1StepIsAFreshCgroupInEveryHierarchyWithItsLimitsAndIsGoneAfterwards() throws Exception {
        Path memory = Path.of("/sys/fs/cgroup/memory");
        Path pids = Path.of("/sys/fs/cgroup/pids");
        assumeThat(Files.isWritable(memory.resolve("cgroup.procs")) && Files.isDirectory(pids)).as("root on cgroup v1")
                .isTrue();
        String name = "fenrir-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        // The delegated root as the manager mounts it: one directory per hierarchy.
        Files.createSymbolicLink(dir.resolve("memory"), realCgroup(memory.resolve(name)));
        Files.createSymbolicLink(dir.resolve("pids"), realCgroup(pids.resolve(name)));

        StepCgroup cgroup = StepCgroup.create(dir, "job-1-run", LIMITS);

        assertThat(Files.readString(memory.resolve(name).resolve("job-1-run/memory.limit_in_bytes")).trim())
                .isEqualTo(Long.toString(64L << 20));
        assertThat(Files.readString(memory.resolve(name).resolve("job-1-run/memory.kmem.tcp.limit_in_bytes")).trim())
                .isEqualTo(Long.toString(64L << 20));
        assertThat(Files.readString(pids.resolve(name).resolve("job-1-run/pids.max")).trim()).isEqualTo("32");
        assertThat(cgroup.processes()).isEmpty();
        assertThat(cgroup.memoryPeakBytes()).isZero();
        assertThat(cgroup.oomKills()).isZero();
        assertThat(cgroup.remove()).isTrue();
        assertThat(memory.resolve(name).resolve("job-1-run")).doesNotExist();
    }

    private Path realCgroup(Path path) throws IOException {
        Files.createDirectory(path);
        realCgroups.add(path);
        return path;
    }

    @AfterEach
    void removeRealCgroups() throws IOException {
        for (Path cgroup : realCgroups) {
            Files.deleteIfExists(cgroup.resolve("job-1-run"));
            Files.deleteIfExists(cgroup);
        }
    }

    private void write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
