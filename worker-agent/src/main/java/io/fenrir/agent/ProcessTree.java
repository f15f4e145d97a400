package io.fenrir.agent;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Ends a step's processes with SIGKILL ({@link ProcessHandle#destroyForcibly()}, which checks the
 * start time, so a recycled pid is never hit). SIGKILL also ends a stopped (SIGSTOP) process.
 */
final class ProcessTree {

    /**
     * Sweeps until one finds nothing new (outside a sandbox only). Each sweep is a fresh walk, so a
     * process forked between two sweeps is caught by the next; the bound only stops a fork loop
     * from holding the agent here.
     */
    private static final int MAX_SWEEPS = 50;

    private final boolean sandboxed;

    ProcessTree(boolean sandboxed) {
        this.sandboxed = sandboxed;
    }

    /**
     * Kills the step started as {@code root}. In a sandbox {@code root} is the outer bwrap process
     * and its one child is pid 1 of the step's pid namespace: the agent kills that init itself (it
     * holds CAP_KILL; the job is in a namespace below and can neither see nor signal the agent or
     * the outer bwrap), and the kernel then kills every process left in the namespace, however it
     * forked, stopped or re-parented itself. No helper runs as the job's user. The outer bwrap goes
     * too, and its init would follow it anyway (--die-with-parent). Outside a sandbox (tests) only
     * the agent's descendants can be told apart from the host's processes, so an orphan escapes.
     */
    void killAll(ProcessHandle root) {
        if (sandboxed) {
            root.children().forEach(ProcessHandle::destroyForcibly);
        } else {
            // Descendants first: once the root dies its children are re-parented and no longer found under it.
            sweep(root::descendants);
            sweep(() -> ProcessHandle.current().descendants());
        }
        root.destroyForcibly();
    }

    /** Kills processes by pid: what a step's cgroup still holds after its namespace was torn down. */
    static void kill(List<Long> pids) {
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private static void sweep(Supplier<Stream<ProcessHandle>> processes) {
        // A killed process stays listed as a zombie until it is reaped, so "nothing new" rather
        // than "nothing" ends the sweeps.
        Set<ProcessHandle> killed = new HashSet<>();
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            Predicate<ProcessHandle> fresh = p -> !killed.contains(p);
            List<ProcessHandle> found = processes.get().filter(fresh).toList();
            if (found.isEmpty()) {
                return;
            }
            found.forEach(ProcessHandle::destroyForcibly);
            killed.addAll(found);
        }
    }
}
