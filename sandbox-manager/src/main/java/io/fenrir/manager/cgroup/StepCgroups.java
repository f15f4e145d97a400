package io.fenrir.manager.cgroup;

import io.fenrir.core.job.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The cgroups of a worker's steps (cgroup v1). Each worker gets, in every hierarchy it needs,
 *
 * <pre>
 *   /&lt;parent&gt;/&lt;worker&gt;/agent     the container's own cgroup (runc creates and limits it): the agent
 *   /&lt;parent&gt;/&lt;worker&gt;/compile   the compile step: its limits, its figures
 *   /&lt;parent&gt;/&lt;worker&gt;/run       the run step: the job's limits, its figures
 * </pre>
 *
 * The step directories are bind-mounted into the container (see {@link #mounts}); only their
 * cgroup.procs and tasks belong to the step's own user (each step runs as a different one), so a
 * step's process can move itself into its own step's cgroup (the agent's launcher does, before the
 * program starts) but not into another step's, and can change no limit. The job's memory,
 * pids and CPU are thereby limited and measured apart from the agent's. After untrusted code ran,
 * the manager only writes limits before a step and removes empty directories after the container
 * is gone; cgroupfs holds no file content a job could plant.
 */
public final class StepCgroups {
    public static final String COMPILE = "compile";
    public static final String RUN = "run";
    private static final String AGENT = "agent";
    private static final long CFS_PERIOD_US = 100_000;
    private static final int REMOVE_ATTEMPTS = 50;
    private static final long REMOVE_RETRY_MS = 20;

    /** A bind mount of one step's controller directory into the container. */
    public record Mount(String destination, Path source) {
    }

    private final CgroupLayout layout;
    private final String parent;
    /** Step name → the uid that alone may enter it. */
    private final Map<String, Integer> stepUsers;
    private final long cpuQuotaMicros;

    /**
     * @param parent         the top-level cgroup of this manager's workers (one per manager instance)
     * @param cpuQuotaMicros CPU bandwidth of a step per 100 ms period (100000 = one core)
     */
    public StepCgroups(CgroupLayout layout, String parent, int compileUid, int runUid, long cpuQuotaMicros) {
        this.layout = layout;
        this.parent = parent;
        this.stepUsers = Map.of(COMPILE, compileUid, RUN, runUid);
        this.cpuQuotaMicros = cpuQuotaMicros;
    }

    /** The container's cgroupsPath: runc creates it in every hierarchy. */
    public String containerPath(String worker) {
        return "/" + parent + "/" + worker + "/" + AGENT;
    }

    /** Creates the worker's step cgroups, before its container exists (they are mounted into it). */
    public void create(String worker) throws IOException {
        for (String controller : CgroupLayout.STEP_CONTROLLERS) {
            for (Map.Entry<String, Integer> step : stepUsers.entrySet()) {
                Path dir = stepDir(controller, worker, step.getKey());
                Files.createDirectories(dir);
                for (String file : List.of("cgroup.procs", "tasks")) {
                    // The step's user only; the group stays root's (mode 0644: no one else may write).
                    Files.setAttribute(dir.resolve(file), "unix:uid", step.getValue(), LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    /** The user step {@code step} runs as. */
    public int userOf(String step) {
        return stepUsers.get(step);
    }

    /** Where the agent finds each step's controllers: /sys/fs/cgroup/&lt;step&gt;/&lt;controller&gt;. */
    public List<Mount> mounts(String worker) {
        List<Mount> mounts = new ArrayList<>();
        for (String step : List.of(COMPILE, RUN)) {
            for (String controller : CgroupLayout.STEP_CONTROLLERS) {
                mounts.add(new Mount(mountRoot() + "/" + step + "/" + controller, stepDir(controller, worker, step)));
            }
        }
        return mounts;
    }

    /** Where the step directories appear in the container (the agent's --cgroups). */
    public static String mountRoot() {
        return "/sys/fs/cgroup";
    }

    /** Writes {@code limits} into the step's cgroup; called before the step's Run is sent. */
    public void limit(String worker, String step, Limits limits) throws IOException {
        Path memory = stepDir("memory", worker, step);
        Files.writeString(memory.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()));
        // Memory + swap: the same total, so a job cannot swap its way past its limit. Absent without swap accounting.
        Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
        if (Files.exists(memsw)) {
            Files.writeString(memsw, Long.toString(limits.memoryBytes()));
        }
        Files.writeString(stepDir("pids", worker, step).resolve("pids.max"), Integer.toString(limits.pids()));
        Path cpu = stepDir("cpu", worker, step);
        Files.writeString(cpu.resolve("cpu.cfs_period_us"), Long.toString(CFS_PERIOD_US));
        Files.writeString(cpu.resolve("cpu.cfs_quota_us"), Long.toString(cpuQuotaMicros));
    }

    /**
     * Removes the worker's cgroups, deepest first, in every hierarchy (runc removes only its own
     * leaf). Called once the container is gone; a directory still busy with dying processes is
     * retried briefly. Returns false if something could not be removed.
     */
    public boolean remove(String worker) throws InterruptedException {
        boolean removed = true;
        for (Path hierarchy : layout.allHierarchies()) {
            Path workerDir = hierarchy.resolve(parent).resolve(worker);
            if (!Files.isDirectory(workerDir, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            List<Path> children = List.of();
            try (Stream<Path> entries = Files.list(workerDir)) {
                children = entries.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
            } catch (IOException e) {
                removed = false;
            }
            for (Path child : children) {
                removed &= rmdir(child);
            }
            removed &= rmdir(workerDir);
        }
        return removed;
    }

    /** Workers whose cgroups exist under this manager's parent, for clean-up after a crash. */
    public List<String> workers() throws IOException {
        Path dir = layout.hierarchy("memory").resolve(parent);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString()).toList();
        }
    }

    private Path stepDir(String controller, String worker, String step) {
        return layout.hierarchy(controller).resolve(parent).resolve(worker).resolve(step);
    }

    /** cgroupfs directories are removed with rmdir, never emptied: their files are not real files. */
    private static boolean rmdir(Path dir) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return true;
            } catch (IOException e) {
                if (attempt == REMOVE_ATTEMPTS) {
                    return false;
                }
                Thread.sleep(REMOVE_RETRY_MS);
            }
        }
    }
}
