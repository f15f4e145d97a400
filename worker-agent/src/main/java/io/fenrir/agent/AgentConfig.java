package io.fenrir.agent;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The agent's command line.
 *
 * @param socket     the Unix socket to listen on, for example /run/fenrir/agent.sock
 * @param workdir    where the job's files are written and its steps run, for example /sandbox (a tmpfs)
 * @param jobUsers   the users steps may run as (each step names its own) and their group, distinct from
 *                   the agent's own; with them every step runs in a fresh bubblewrap sandbox
 *                   ({@link StepLauncher}); absent (tests outside a container): steps run as the
 *                   agent's user, directly
 * @param cgroupRoot the worker's cgroup subtree delegated to the agent, where it makes a fresh cgroup
 *                   per step ({@link StepCgroup}): on v1 one directory per hierarchy; on v2 the
 *                   container's own cgroup, which the agent prepares at start ({@link CgroupDelegation});
 *                   absent: steps stay in the agent's cgroup and nothing is measured
 * @param jobSeccomp the job seccomp filter (a compiled BPF program, deploy/seccomp/job-filter.py) that
 *                   bubblewrap installs on every step's program; required with job users
 * @param trace      --trace: the manager traces its jobs, so the agent prepares its tracing once it is
 *                   ready, off the Run's path ({@link RunTrace#prepare}); a Run is traced only when its
 *                   call carries a trace context, with or without it
 */
record AgentConfig(Path socket, Path workdir, Optional<JobUsers> jobUsers, Optional<Path> cgroupRoot,
        Optional<Path> jobSeccomp, boolean trace) {

    static final String USAGE = "usage: java -jar fenrir-worker-agent.jar --socket PATH --workdir DIR"
            + " [--job-users UID[,UID...]:GID --job-seccomp FILE] [--cgroups DIR] [--trace]";

    /** Numeric users and their group (names would depend on the rootfs's /etc/passwd); never root. */
    record JobUsers(List<Integer> uids, int gid) {
        static JobUsers parse(String value) {
            String[] parts = value.split(":", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("--job-users must be UID[,UID...]:GID, got " + value);
            }
            try {
                List<Integer> uids = Arrays.stream(parts[0].split(",")).map(Integer::parseInt).toList();
                JobUsers users = new JobUsers(uids, Integer.parseInt(parts[1]));
                if (users.gid <= 0 || uids.stream().anyMatch(uid -> uid <= 0)) {
                    throw new IllegalArgumentException("--job-users must not be root, got " + value);
                }
                return users;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--job-users must be numeric UID[,UID...]:GID, got " + value);
            }
        }
    }

    /** This configuration with the step cgroups under {@code root} (see {@link CgroupDelegation}). */
    AgentConfig withCgroupRoot(Path root) {
        return new AgentConfig(socket, workdir, jobUsers, Optional.of(root), jobSeccomp, trace);
    }

    /** Throws IllegalArgumentException, with a message for the operator, on a bad command line. */
    static AgentConfig parse(String[] args) {
        Path socket = null;
        Path workdir = null;
        JobUsers jobUsers = null;
        Path cgroupRoot = null;
        Path jobSeccomp = null;
        boolean trace = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--trace")) {
                trace = true;
                continue;
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--socket" -> socket = Path.of(value).toAbsolutePath();
                case "--workdir" -> workdir = Path.of(value).toAbsolutePath();
                case "--job-users" -> jobUsers = JobUsers.parse(value);
                case "--cgroups" -> cgroupRoot = Path.of(value).toAbsolutePath();
                case "--job-seccomp" -> jobSeccomp = Path.of(value).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (socket == null || workdir == null) {
            throw new IllegalArgumentException("both --socket and --workdir are required");
        }
        if ((jobUsers == null) != (jobSeccomp == null)) {
            throw new IllegalArgumentException("--job-users and --job-seccomp go together: a sandboxed step needs both");
        }
        return new AgentConfig(socket, workdir, Optional.ofNullable(jobUsers), Optional.ofNullable(cgroupRoot),
                Optional.ofNullable(jobSeccomp), trace);
    }
}
