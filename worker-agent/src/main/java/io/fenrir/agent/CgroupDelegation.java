package io.fenrir.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The agent's side of the worker's delegated cgroup subtree, at start-up: where it makes its steps'
 * cgroups.
 *
 * <p>On cgroup v1 the manager mounted one already delegated jobs directory per hierarchy under the root:
 * the root is where steps go. On cgroup v2 the root is the container's own cgroup (its cgroup
 * namespace), delegated to the agent, holding tini and the agent themselves. v2 lets a cgroup hand
 * controllers to its children only while it holds no process, so the agent first moves every process of
 * the container into a child {@code agent/}, then enables memory, cpu and pids for the children and
 * makes {@code jobs/}, which enables them for its own children: the steps'. v2 also lets a process move
 * only between cgroups below its namespace's root, which is why both children are below the container's.
 */
final class CgroupDelegation {

    static final List<String> CONTROLLERS = List.of("memory", "cpu", "pids");

    private CgroupDelegation() {
    }

    /** Prepares the subtree at {@code root} and returns the directory under which the steps' cgroups go. */
    static Path takeOver(Path root) throws IOException {
        if (!Files.exists(root.resolve("cgroup.subtree_control"))) {
            return root; // v1: the jobs directories are the manager's, ready
        }
        Path agent = createIfMissing(root.resolve("agent"));
        for (String pid : Files.readString(root.resolve("cgroup.procs")).split("\n")) {
            if (!pid.isBlank()) {
                // One pid per write: the kernel moves one process per write(2).
                Files.writeString(agent.resolve("cgroup.procs"), pid.trim());
            }
        }
        String enable = String.join(" ", CONTROLLERS.stream().map(c -> "+" + c).toList());
        Files.writeString(root.resolve("cgroup.subtree_control"), enable);
        Path jobs = createIfMissing(root.resolve("jobs"));
        Files.writeString(jobs.resolve("cgroup.subtree_control"), enable);
        return jobs;
    }

    private static Path createIfMissing(Path dir) throws IOException {
        return Files.isDirectory(dir) ? dir : Files.createDirectory(dir);
    }
}
