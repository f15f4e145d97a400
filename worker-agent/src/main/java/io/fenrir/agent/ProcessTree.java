package io.fenrir.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Kills a job's processes with SIGKILL ({@link ProcessHandle#destroyForcibly()}, which checks the
 * start time, so a recycled pid is never hit). SIGKILL also ends a stopped (SIGSTOP) process.
 */
final class ProcessTree {

    /**
     * Sweeps until one finds nothing new. Each sweep is a fresh /proc walk, so a process forked
     * between two sweeps is caught by the next; the bound only stops a fork loop from holding the
     * agent here, the step's pid limit bounds that loop anyway.
     */
    private static final int MAX_SWEEPS = 50;

    /** A kill(-1) as the job's user must not hold a step's end for longer than this. */
    private static final long KILL_AS_USER_TIMEOUT_MS = 5_000;

    private final Optional<AgentConfig.JobUsers> jobUsers;

    ProcessTree(Optional<AgentConfig.JobUsers> jobUsers) {
        this.jobUsers = jobUsers;
    }

    /**
     * Kills {@code root} and every other process of the job. In a sandbox that is every process of
     * the job users, wherever it was re-parented (the container's init adopts orphans; a
     * double-forked daemon is found all the same). First {@code kill(-1, SIGKILL)} as the step's user
     * {@code uid}: the kernel signals all of the user's processes at once and a fork racing it fails,
     * so a chain of processes that fork and exit cannot outrun it as it could a /proc walk. Only the
     * running step's user can have processes: every earlier step's user was killed the same way when
     * its step ended. Then, as a backstop, sweeps of /proc for every job user (the agent holds CAP_KILL). Without job users (tests outside a
     * container) only the agent's descendants can be told apart from the host's processes, so an
     * orphan escapes this there.
     */
    void killAll(ProcessHandle root, int uid) {
        if (jobUsers.isPresent()) {
            root.destroyForcibly();
            killAsUser(uid, jobUsers.get().gid());
            List<Integer> uids = jobUsers.get().uids();
            sweep(() -> ProcessHandle.allProcesses().filter(p -> uids.contains(realUid(p))));
        } else {
            // Descendants first: once the root dies its children are re-parented and no longer found under it.
            sweep(() -> root.descendants());
            sweep(() -> ProcessHandle.current().descendants());
        }
        root.destroyForcibly();
    }

    private static void killAsUser(int uid, int gid) {
        List<String> argv = new ArrayList<>(StepLauncher.asUser(uid, gid));
        // kill(-1) signals every process the caller may signal except itself: all of uid's.
        argv.addAll(List.of("/bin/sh", "-c", "kill -9 -1"));
        try {
            Process kill = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(KILL_AS_USER_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            // The /proc sweeps that follow still kill what they find.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    /** The real uid from /proc/PID/status, or -1 when the process is gone. */
    private static int realUid(ProcessHandle process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Exited between the listing and the read.
        }
        return -1;
    }
}
