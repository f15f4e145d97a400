package io.fenrir.agent;

import io.fenrir.agent.v1.Step;
import io.fenrir.agent.v1.StepLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a step's program: directly from its argv, never through a shell, in the work directory,
 * with a fixed environment that carries nothing of the agent's own.
 *
 * <p>In a sandbox the program is reached through a chain of small programs from the rootfs, each
 * of which does one thing and then execs the next in the same process (so the process the agent
 * waits for is, in the end, the program itself):
 * <ol>
 *   <li>{@code setsid}: a session of its own, so that {@code kill(0, ...)} reaches only the job;</li>
 *   <li>{@code setpriv}: the job's user and group, no supplementary groups, every capability gone
 *       from the inheritable, ambient and bounding sets (the agent keeps its few; the job has none,
 *       ever, since no_new_privs also stops setuid binaries);</li>
 *   <li>{@code sh -c ENTER_CGROUP}: moves itself into the step's cgroup, whose cgroup.procs only the
 *       job's user may write; the client's arguments are never part of the script, only of "$@";</li>
 *   <li>{@code prlimit}: core 0, the step's file size, stack, open files and a CPU-seconds backstop.</li>
 * </ol>
 */
final class StepLauncher {

    private static final List<String> PATH = List.of("/usr/local/bin", "/usr/bin", "/bin");
    /** Open files of each step process: plenty for a compiler or a JVM, few enough to stay small. */
    private static final int MAX_OPEN_FILES = 256;
    /**
     * The per-process CPU backstop (RLIMIT_CPU, whole seconds) is this much above the step's limit: the
     * cgroup's CPU time, polled by {@link StepRunner}, is what enforces the limit for the whole tree.
     */
    private static final int CPU_RLIMIT_SLACK_SECONDS = 1;
    /**
     * Enters every controller's cgroup.procs under $1 (one per controller on cgroup v1, one file on v2),
     * then execs the rest of argv. Exits 125 when it cannot: the agent reports that as its own failure.
     */
    static final String ENTER_CGROUP = """
            entered=0
            for procs in "$1"/cgroup.procs "$1"/*/cgroup.procs; do
              if [ -e "$procs" ]; then echo 0 >"$procs" || exit 125; entered=1; fi
            done
            [ "$entered" = 1 ] || exit 125
            shift
            exec "$@"
            """;

    private final Path workdir;
    private final Optional<AgentConfig.JobUsers> jobUsers;
    private final Optional<Path> cgroupRoot;
    private final Map<String, String> environment;

    StepLauncher(Path workdir, Optional<AgentConfig.JobUsers> jobUsers, Optional<Path> cgroupRoot) {
        this.workdir = workdir;
        this.jobUsers = jobUsers;
        this.cgroupRoot = cgroupRoot;
        this.environment = Map.of(
                "PATH", String.join(":", PATH),
                "HOME", workdir.toString(),
                "LANG", "C.UTF-8");
    }

    /** The step's cgroup directory, when the step names one and the agent was given a cgroup root. */
    Optional<Path> cgroupOf(Step step) {
        if (step.getCgroup().isEmpty()) {
            return Optional.empty();
        }
        return cgroupRoot.map(root -> root.resolve(step.getCgroup()));
    }

    Process start(Step step) throws AgentException {
        List<String> program = new ArrayList<>(step.getArgvList());
        program.set(0, resolve(step.getName(), program.get(0)));
        ProcessBuilder builder = new ProcessBuilder(argv(step, program)).directory(workdir.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw AgentException.failedPrecondition("failed to start step " + step.getName() + ": " + e.getMessage());
        }
    }

    List<String> argv(Step step, List<String> program) throws AgentException {
        List<String> argv = new ArrayList<>();
        if (jobUsers.isPresent()) {
            argv.add("/usr/bin/setsid");
            argv.add("--wait");
            argv.addAll(asUser(userOf(step), jobUsers.get().gid()));
        }
        cgroupOf(step).ifPresent(cgroup -> argv.addAll(List.of("/bin/sh", "-c", ENTER_CGROUP, "enter-cgroup",
                cgroup.toString())));
        if (jobUsers.isPresent()) {
            argv.addAll(rlimits(step.getLimits()));
        }
        argv.addAll(program);
        return argv;
    }

    /** The user {@code step} runs as: one of the job users (never the agent's), or -1 outside a sandbox. */
    int userOf(Step step) throws AgentException {
        if (jobUsers.isEmpty()) {
            return -1;
        }
        if (!jobUsers.get().uids().contains(step.getUid())) {
            throw AgentException.invalidArgument("failed to accept step " + step.getName() + ": uid " + step.getUid()
                    + " is not one of the job users " + jobUsers.get().uids());
        }
        return step.getUid();
    }

    /**
     * {@code setpriv} as {@code uid}: its own user and group, no supplementary groups, every capability
     * set emptied including the bounding set, so nothing it execs can ever gain one back.
     */
    static List<String> asUser(int uid, int gid) {
        return List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                "--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all", "--");
    }

    private static List<String> rlimits(StepLimits limits) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/prlimit", "--core=0", "--nofile=" + MAX_OPEN_FILES));
        if (limits.getFileBytes() > 0) {
            argv.add("--fsize=" + limits.getFileBytes());
        }
        if (limits.getStackBytes() > 0) {
            argv.add("--stack=" + limits.getStackBytes());
        }
        if (limits.getCpuMs() > 0) {
            long seconds = (Integer.toUnsignedLong(limits.getCpuMs()) + 999) / 1000 + CPU_RLIMIT_SLACK_SECONDS;
            // Soft limit: SIGXCPU; one second later the hard limit: SIGKILL.
            argv.add("--cpu=" + seconds + ":" + (seconds + 1));
        }
        argv.add("--");
        return argv;
    }

    /**
     * Finds the program the way a shell would with the step's PATH: a name containing "/" is a path
     * (relative ones from the work directory), any other name is looked up on PATH. Left to the JDK,
     * the lookup would use the agent's own PATH, not the step's.
     */
    private static String resolve(String stepName, String program) throws AgentException {
        if (program.contains("/")) {
            return program;
        }
        for (String directory : PATH) {
            Path candidate = Path.of(directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw AgentException.failedPrecondition("failed to start step " + stepName + ": no program \""
                + program + "\" on PATH " + String.join(":", PATH));
    }
}
