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
 * Starts a step's program: directly from its argv, never through a shell, with a fixed environment
 * that carries nothing of the agent's own.
 *
 * <p>In a sandbox the program is reached through a chain of small programs from the rootfs, each
 * of which does one thing and then execs the next in the same process (so the process the agent
 * waits for is the sandbox's outer bubblewrap process):
 * <ol>
 *   <li>{@code sh -c ENTER}: still the agent's user, moves itself into the step's fresh cgroup (whose
 *       cgroup.procs only the agent may write) and opens the job seccomp filter on fd 3; the
 *       client's arguments are never part of the script, only of "$@";</li>
 *   <li>{@code setpriv}: the step's user and group, no supplementary groups, every capability gone
 *       from the inheritable, ambient and bounding sets, no_new_privs;</li>
 *   <li>{@code prlimit}: core 0, the step's file size, stack, open files and a CPU-seconds backstop;</li>
 *   <li>{@code bwrap} ({@link Bubblewrap}): fresh user, pid, mount, ipc, uts, network and cgroup
 *       namespaces, fresh tmpfs on /tmp and /dev/shm, the job's directory on /sandbox, the job
 *       seccomp filter, then the program.</li>
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
     * $1: the job seccomp filter, opened on fd 3 for bwrap; then cgroup.procs files up to "--", each
     * entered; then the rest of argv, exec'd. Exits 125 when it cannot enter: the agent reports that
     * as its own failure.
     */
    static final String ENTER = """
            filter=$1; shift
            while [ "$1" != -- ]; do echo 0 >"$1" || exit 125; shift; done
            shift
            exec "$@" 3<"$filter"
            """;

    private final Optional<AgentConfig.JobUsers> jobUsers;
    private final Optional<Path> jobSeccomp;
    private final Bubblewrap bubblewrap;

    StepLauncher(Optional<AgentConfig.JobUsers> jobUsers, Optional<Path> jobSeccomp, Bubblewrap bubblewrap) {
        this.jobUsers = jobUsers;
        this.jobSeccomp = jobSeccomp;
        this.bubblewrap = bubblewrap;
    }

    boolean sandboxed() {
        return jobUsers.isPresent();
    }

    /**
     * @param jobDir the job's directory: bound at {@link Bubblewrap#WORK_DIR} in a sandbox, the working
     *               directory outside one
     * @param cgroup the step's cgroup, entered before the program starts
     */
    Process start(Step step, Path jobDir, Optional<StepCgroup> cgroup) throws AgentException {
        List<String> program = new ArrayList<>(step.getArgvList());
        program.set(0, resolve(step.getName(), program.get(0)));
        ProcessBuilder builder = new ProcessBuilder(argv(step, program, jobDir, cgroup)).directory(jobDir.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(sandboxed() ? Path.of(Bubblewrap.WORK_DIR) : jobDir));
        try {
            return builder.start();
        } catch (IOException e) {
            throw AgentException.failedPrecondition("failed to start step " + step.getName() + ": " + e.getMessage());
        }
    }

    List<String> argv(Step step, List<String> program, Path jobDir, Optional<StepCgroup> cgroup) throws AgentException {
        if (jobUsers.isEmpty()) {
            return program;
        }
        int uid = userOf(step);
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", ENTER, "enter", jobSeccomp.orElseThrow().toString()));
        cgroup.ifPresent(c -> c.procsFiles().forEach(procs -> argv.add(procs.toString())));
        argv.add("--");
        argv.addAll(asUser(uid, jobUsers.get().gid()));
        argv.addAll(rlimits(step.getLimits()));
        argv.addAll(bubblewrap.argv(uid, jobUsers.get().gid(), jobDir, step.getReadOnlyWorkDir(),
                step.getLimits().getTmpfsBytes(), 3));
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
     * set emptied including the bounding set, and no_new_privs, so nothing it execs can ever gain one.
     */
    static List<String> asUser(int uid, int gid) {
        return List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                "--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all", "--no-new-privs", "--");
    }

    private static Map<String, String> environment(Path home) {
        return Map.of("PATH", String.join(":", PATH), "HOME", home.toString(), "LANG", "C.UTF-8");
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
     * the lookup would use the agent's own PATH, not the step's. The sandbox sees the same /usr.
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
