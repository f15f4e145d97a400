package io.fenrir.manager.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The cgroups of a worker. On cgroup v1 each worker gets, in every hierarchy it needs,
 *
 * <pre>
 *   /&lt;parent&gt;/&lt;worker&gt;/agent   the container's own cgroup (runc creates and limits it): the agent
 *   /&lt;parent&gt;/&lt;worker&gt;/jobs    delegated to the agent: capped here, the agent makes a fresh cgroup
 *                          per step of every job below it, with the step's own limits
 * </pre>
 *
 * The jobs directory of each hierarchy is bind-mounted into the container (see {@link #mounts}) and
 * belongs to the agent's user, so the agent may make and remove cgroups in it (the kernel gives a new
 * cgroup's files to whoever made it) but cannot change the cap written here, which bounds every step
 * of every job of the worker whatever the agent asks for.
 *
 * <p>On cgroup v2 the container's cgroup is {@code /<parent>/<worker>} itself, delegated to the agent
 * the way cgroup v2 delegates a subtree (the directory and its cgroup.procs, cgroup.subtree_control and
 * cgroup.threads are the agent's; its limits, which runc writes, stay root's and cap the whole worker).
 * The container mounts it as its own cgroup2 root (cgroup namespace), and the agent makes
 * {@code agent/} (where it moves itself and tini) and {@code jobs/} (the steps' parent) in it: v2 lets a
 * process move only between cgroups under its namespace's root, so both must be below the container's.
 *
 * <p>After untrusted code ran, the manager only removes empty directories once the container is gone;
 * cgroupfs holds no file content a job could plant.
 */
public final class WorkerCgroups {
    /** The step names the manager sends; the agent names each step's cgroup after its job and step. */
    public static final String COMPILE = "compile";
    public static final String RUN = "run";
    private static final String AGENT = "agent";
    private static final String JOBS = "jobs";
    private static final int REMOVE_ATTEMPTS = 50;
    private static final long REMOVE_RETRY_MS = 20;

    /** A bind mount of one hierarchy's jobs directory into the container. */
    public record Mount(String destination, Path source) {
    }

    /**
     * What all of a worker's job sandboxes together may use: the most any one step may be given.
     *
     * @param memoryBytes memory (and swap) of the jobs directory
     * @param pids        processes and threads in the jobs directory
     */
    public record JobsCap(long memoryBytes, int pids) {
    }

    private final CgroupLayout layout;
    private final String parent;
    private final long agentUid;
    private final JobsCap cap;

    /**
     * @param parent   the top-level cgroup of this manager's workers (one per manager instance)
     * @param agentUid the agent's user on the host, to whom each worker's jobs directory is delegated
     */
    public WorkerCgroups(CgroupLayout layout, String parent, long agentUid, JobsCap cap) {
        this.layout = layout;
        this.parent = parent;
        this.agentUid = agentUid;
        this.cap = cap;
    }

    /** The container's cgroupsPath: runc creates it (v1: in every hierarchy) or, on v2, finds it made here. */
    public String containerPath(String worker) {
        return layout.unified() ? "/" + parent + "/" + worker : "/" + parent + "/" + worker + "/" + AGENT;
    }

    public boolean unified() {
        return layout.unified();
    }

    public JobsCap cap() {
        return cap;
    }

    /**
     * Creates the worker's delegated cgroups before its container exists: v1, the capped jobs directory
     * of each hierarchy (mounted into the container); v2, the worker's own cgroup.
     */
    public void create(String worker) throws IOException {
        if (layout.unified()) {
            createUnified(worker);
            return;
        }
        for (Path hierarchy : stepHierarchies()) {
            Path jobs = Files.createDirectories(hierarchy.resolve(parent).resolve(worker).resolve(JOBS));
            writeIfPresent(jobs, "memory.limit_in_bytes", cap.memoryBytes());
            writeIfPresent(jobs, "memory.memsw.limit_in_bytes", cap.memoryBytes());
            writeIfPresent(jobs, "pids.max", cap.pids());
            // The directory only: its own files (the cap) stay root's.
            Files.setAttribute(jobs, "unix:uid", (int) agentUid, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /**
     * v2: the controllers the worker's cgroup may hand down are enabled from the root to the parent,
     * and the worker's cgroup is made and delegated. Its own subtree_control stays empty: runc puts the
     * container's first process into it, which v2 allows only while it enables no controller; the agent
     * enables them once it has moved into its agent/ child.
     */
    private void createUnified(String worker) throws IOException {
        Path root = layout.hierarchy("memory");
        Path parentDir = Files.createDirectories(root.resolve(parent));
        String enable = String.join(" ", CgroupLayout.UNIFIED_CONTROLLERS.stream().map(c -> "+" + c).toList());
        Files.writeString(root.resolve("cgroup.subtree_control"), enable);
        Files.writeString(parentDir.resolve("cgroup.subtree_control"), enable);
        Path workerDir = Files.createDirectories(parentDir.resolve(worker));
        for (Path owned : List.of(workerDir, workerDir.resolve("cgroup.procs"), workerDir.resolve("cgroup.subtree_control"),
                workerDir.resolve("cgroup.threads"))) {
            Files.setAttribute(owned, "unix:uid", (int) agentUid, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** Where the agent finds its delegated subtree on v1: /sys/fs/cgroup/&lt;hierarchy&gt;, one per hierarchy; none on v2. */
    public List<Mount> mounts(String worker) {
        List<Mount> mounts = new ArrayList<>();
        if (layout.unified()) {
            return mounts;
        }
        for (Path hierarchy : stepHierarchies()) {
            mounts.add(new Mount(mountRoot() + "/" + hierarchy.getFileName(),
                    hierarchy.resolve(parent).resolve(worker).resolve(JOBS)));
        }
        return mounts;
    }

    /** Where the worker's delegated cgroups appear in the container; the agent's --cgroups. */
    public static String mountRoot() {
        return "/sys/fs/cgroup";
    }

    /**
     * Removes the worker's cgroups, deepest first, in every hierarchy (runc removes only its own
     * leaf). Called once the container is gone; a directory still busy with dying processes is
     * retried briefly. Returns false if something could not be removed.
     */
    public boolean remove(String worker) throws InterruptedException {
        boolean removed = true;
        for (Path hierarchy : layout.allHierarchies()) {
            removed &= removeTree(hierarchy.resolve(parent).resolve(worker));
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

    /** The distinct hierarchies of the step controllers (cpu and cpuacct often share one). */
    private List<Path> stepHierarchies() {
        return CgroupLayout.STEP_CONTROLLERS.stream().map(layout::hierarchy).distinct().toList();
    }

    private static void writeIfPresent(Path dir, String file, long value) throws IOException {
        if (Files.exists(dir.resolve(file))) {
            Files.writeString(dir.resolve(file), Long.toString(value));
        }
    }

    /** Child cgroups first; cgroupfs directories are removed with rmdir, never emptied: their files are not real files. */
    private static boolean removeTree(Path dir) throws InterruptedException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        boolean removed = true;
        List<Path> children = List.of();
        try (Stream<Path> entries = Files.list(dir)) {
            children = entries.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
        } catch (IOException e) {
            removed = false;
        }
        for (Path child : children) {
            removed &= removeTree(child);
        }
        return removed & rmdir(dir);
    }

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
