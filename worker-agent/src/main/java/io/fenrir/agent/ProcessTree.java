package io.fenrir.agent;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Kills processes with SIGKILL ({@link ProcessHandle#destroyForcibly()}, which checks the start
 * time, so a recycled pid is never hit).
 */
final class ProcessTree {

    /**
     * Sweeps until one finds nothing new. Each sweep is a fresh /proc walk, so a process forked
     * between two sweeps is caught by the next; the bound only stops a fork loop from holding the
     * agent here, the container's pid limit bounds that loop anyway.
     */
    private static final int MAX_SWEEPS = 50;

    private ProcessTree() {
    }

    /**
     * Kills {@code root} and every process under it. A child forked by {@code root} after the sweep
     * outlives it as an orphan; {@link #killLeftovers()} is what catches those.
     */
    static void kill(ProcessHandle root) {
        // Descendants first: once the root dies its children are re-parented and no longer found under it.
        killDescendants(root);
        root.destroyForcibly();
    }

    /**
     * Kills every process the agent started that is still alive, including orphans: in the sandbox
     * the agent is the container's init (pid 1), so an orphaned process is re-parented to it and
     * found here. Every descendant of the agent is job code, since the agent starts nothing else.
     * Outside a container (tests) an orphan is re-parented elsewhere and cannot be found.
     */
    static void killLeftovers() {
        killDescendants(ProcessHandle.current());
    }

    private static void killDescendants(ProcessHandle ancestor) {
        // A killed process stays listed as a zombie until its parent reaps it, and the JVM never
        // reaps re-parented orphans, so "nothing new" rather than "nothing" ends the sweeps.
        Set<ProcessHandle> killed = new HashSet<>();
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            List<ProcessHandle> found = ancestor.descendants().filter(p -> !killed.contains(p)).toList();
            if (found.isEmpty()) {
                return;
            }
            found.forEach(ProcessHandle::destroyForcibly);
            killed.addAll(found);
        }
    }
}
