package io.fenrir.manager.containerd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fenrir.manager.cgroup.WorkerCgroups;
import io.fenrir.manager.pool.AgentClassArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the OCI runtime spec of one worker container, the outer of the two sandbox layers (see
 * docs/security.md; the inner one is the bubblewrap sandbox the agent makes for every step of every
 * job). Each setting is one isolation layer: a read-only root filesystem shared by all workers, tmpfs
 * for everything writable, a non-root agent with four capabilities that the job never gets,
 * no-new-privileges, the Fenrir seccomp allowlist (which lets bubblewrap make its namespaces; the
 * job's own filter then forbids them), fresh pid/ipc/uts/mount/network/cgroup namespaces (the network
 * namespace has only loopback), cgroup limits on memory, swap, processes and CPU for the agent, and
 * the worker's delegated jobs cgroups ({@link WorkerCgroups}) where the agent makes each step's own,
 * all in a user namespace of its own whose ids are host ids no host user owns ({@link UserNamespace}).
 */
public final class SandboxSpec {
    /** Where the worker's socket directory appears inside the container. */
    public static final String SOCKET_DIR = "/run/fenrir";
    public static final String SOCKET_NAME = "agent.sock";
    /** The worker's work tmpfs: the agent makes each job's directory in it, bound into the job's sandboxes. */
    public static final String WORK_DIR = "/sandbox";
    private static final String AGENT_JAR = "/opt/fenrir/agent.jar";
    /** The job seccomp filter in the rootfs (deploy/seccomp/job-filter.py, built with the rootfs). */
    private static final String JOB_SECCOMP = "/etc/fenrir/job-seccomp.bpf";
    /** The agent's user in the rootfs (deploy/rootfs): not root, owns nothing on the host. */
    public static final int AGENT_UID = 1000;
    /**
     * The job's users and group in the rootfs: not root, not the agent's. Each step has its own user
     * (the compile step {@link #COMPILE_UID}, the run step {@link #RUN_UID}); both share
     * {@link #JOB_GID}, so the run step reads what the compile step wrote.
     */
    public static final int RUN_UID = 1001;
    public static final int COMPILE_UID = 1002;
    public static final int JOB_GID = 1001;
    /**
     * The agent's only capabilities, to start each step as its user (setpriv: SETUID, SETGID, and SETPCAP to
     * empty the job's bounding set) and to kill a step's sandbox, whose pid 1 runs as the step's user
     * (KILL). The job gets none.
     */
    private static final List<String> AGENT_CAPABILITIES = List.of("CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP", "CAP_KILL");

    /**
     * The agent JVM's options. Small and fast to start. C1 only: measured, C2's compiling cost more CPU
     * over a worker's jobs than its code saved (docs/benchmarks.md). The agent's class archive is made
     * with the same ({@link AgentClassArchive}).
     */
    public static final List<String> AGENT_JVM_OPTIONS = List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xss512k", "-Xmx64m",
            // The JVM would otherwise write /tmp/hsperfdata_*.
            "-XX:-UsePerfData");

    /**
     * @param rootfs           the shared read-only root filesystem
     * @param agentJar         the worker agent's jar, bind-mounted read-only
     * @param seccomp          the linux.seccomp section (deploy/seccomp)
     * @param memoryLimitBytes memory limit of the agent's cgroup (the steps have their own); swap is
     *                         limited to the same total, so no swap is used
     * @param pidsLimit        process (and thread) limit of the agent's cgroup
     * @param cpuQuotaMicros   CPU time per 100 ms period
     */
    public record Limits(long memoryLimitBytes, int pidsLimit, long cpuQuotaMicros) {
    }

    private final ObjectMapper json;
    private final Path rootfs;
    private final Path agentJar;
    private final JsonNode seccomp;
    private final Limits limits;
    private final WorkerCgroups cgroups;
    private final Optional<String> appArmorProfile;
    private final boolean traced;
    private final UserNamespace userNamespace;
    private final Optional<Path> agentArchive;

    /**
     * @param appArmorProfile the AppArmor profile every worker runs under, where the kernel has AppArmor
     * @param traced          the manager traces its jobs: agents prepare their tracing once ready (--trace)
     * @param agentArchive    the agent's class archive, when there is one ({@link AgentClassArchive})
     */
    public SandboxSpec(ObjectMapper json, Path rootfs, Path agentJar, Path seccompProfile, Limits limits,
            WorkerCgroups cgroups, Optional<String> appArmorProfile, boolean traced, UserNamespace userNamespace,
            Optional<Path> agentArchive) {
        this.json = json;
        this.agentArchive = agentArchive.map(Path::toAbsolutePath);
        this.userNamespace = userNamespace;
        this.traced = traced;
        this.cgroups = cgroups;
        this.appArmorProfile = appArmorProfile;
        this.rootfs = rootfs.toAbsolutePath();
        this.agentJar = agentJar.toAbsolutePath();
        this.limits = limits;
        try {
            this.seccomp = json.readTree(seccompProfile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read seccomp profile " + seccompProfile, e);
        }
    }

    /** The spec of worker {@code id}, whose socket directory on the host is {@code socketDir}. */
    public String forWorker(String id, Path socketDir) {
        ObjectNode spec = json.createObjectNode();
        spec.put("ociVersion", "1.0.2");
        spec.put("hostname", "sandbox");
        spec.set("process", process());
        spec.putObject("root").put("path", rootfs.toString()).put("readonly", true);
        spec.set("mounts", mounts(id, socketDir));
        spec.set("linux", linux(id));
        try {
            return json.writeValueAsString(spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode process() {
        ObjectNode process = json.createObjectNode();
        process.put("terminal", false);
        ObjectNode user = process.putObject("user").put("uid", AGENT_UID).put("gid", AGENT_UID);
        // The job's group: the work directory is the job's group's, so the agent can write the job's files into it.
        user.putArray("additionalGids").add(JOB_GID);
        // tini is pid 1: it reaps what the agent's helpers leave, which the JVM would leave as zombies.
        List<String> args = new ArrayList<>(List.of("/usr/bin/tini", "--", "/usr/bin/java"));
        args.addAll(AGENT_JVM_OPTIONS);
        agentArchive.ifPresent(archive -> args.add("-XX:SharedArchiveFile=" + AgentClassArchive.IN_WORKER));
        args.addAll(List.of(
                "-jar", AGENT_JAR, "--socket", SOCKET_DIR + "/" + SOCKET_NAME, "--workdir", WORK_DIR,
                "--job-users", RUN_UID + "," + COMPILE_UID + ":" + JOB_GID, "--job-seccomp", JOB_SECCOMP,
                "--cgroups", WorkerCgroups.mountRoot()));
        if (traced) {
            args.add("--trace");
        }
        strings(process.putArray("args"), args);
        strings(process.putArray("env"), List.of("PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8",
                "HOME=" + WORK_DIR));
        process.put("cwd", WORK_DIR);
        ObjectNode capabilities = process.putObject("capabilities");
        // Ambient, so that they survive the exec of the JVM by a non-root user.
        for (String set : List.of("bounding", "effective", "inheritable", "permitted", "ambient")) {
            strings(capabilities.putArray(set), AGENT_CAPABILITIES);
        }
        process.put("noNewPrivileges", true);
        appArmorProfile.ifPresent(profile -> process.put("apparmorProfile", profile));
        ArrayNode rlimits = process.putArray("rlimits");
        rlimits.addObject().put("type", "RLIMIT_CORE").put("hard", 0).put("soft", 0);
        rlimits.addObject().put("type", "RLIMIT_NOFILE").put("hard", 1024).put("soft", 1024);
        return process;
    }

    private ArrayNode mounts(String id, Path socketDir) {
        ArrayNode mounts = json.createArrayNode();
        mount(mounts, "/proc", "proc", "proc", "nosuid", "noexec", "nodev");
        mount(mounts, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=64k");
        mount(mounts, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620");
        mount(mounts, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=16m");
        mount(mounts, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
        mount(mounts, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
        mount(mounts, "/tmp", "tmpfs", "tmpfs", "nosuid", "nodev", "mode=1777", "size=64m");
        // The agent's, group-owned by the job (setgid: new files stay the job's group): the agent writes
        // the job's files, the job reads them and writes its own beside them; no one else may enter.
        mount(mounts, WORK_DIR, "tmpfs", "tmpfs", "nosuid", "nodev", "mode=2770",
                "uid=" + AGENT_UID, "gid=" + JOB_GID, "size=128m");
        mount(mounts, SOCKET_DIR, "bind", socketDir.toAbsolutePath().toString(), "rbind", "rw", "nosuid", "nodev", "noexec");
        mount(mounts, AGENT_JAR, "bind", agentJar.toString(), "rbind", "ro", "nosuid", "nodev");
        agentArchive.ifPresent(archive -> mount(mounts, AgentClassArchive.IN_WORKER, "bind", archive.toString(), "rbind",
                "ro", "nosuid", "nodev", "noexec"));
        if (cgroups.unified()) {
            // v2: the worker's own delegated cgroup as the container's cgroup2 root (its cgroup namespace).
            mount(mounts, WorkerCgroups.mountRoot(), "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "rw");
        } else {
            // v1: the delegated jobs cgroups, under a tmpfs of their own (root's, read-only to everyone in the container).
            mount(mounts, WorkerCgroups.mountRoot(), "tmpfs", "tmpfs", "nosuid", "nodev", "noexec", "mode=0755", "size=64k");
            for (WorkerCgroups.Mount cgroup : cgroups.mounts(id)) {
                mount(mounts, cgroup.destination(), "bind", cgroup.source().toString(), "bind", "rw", "nosuid", "nodev",
                        "noexec");
            }
        }
        return mounts;
    }

    private ObjectNode linux(String id) {
        ObjectNode linux = json.createObjectNode();
        ArrayNode namespaces = linux.putArray("namespaces");
        for (String type : List.of("user", "pid", "ipc", "uts", "mount", "network", "cgroup")) {
            namespaces.addObject().put("type", type);
        }
        for (String ids : List.of("uidMappings", "gidMappings")) {
            linux.putArray(ids).addObject().put("containerID", 0).put("hostID", userNamespace.hostBase())
                    .put("size", UserNamespace.SIZE);
        }
        ObjectNode resources = linux.putObject("resources");
        // v1: the agent's cgroup alone (the jobs directory has its own cap). v2: the container's cgroup is the
        // whole worker, the agent and every job sandbox in it, so the cap covers both.
        long memory = limits.memoryLimitBytes() + (cgroups.unified() ? cgroups.cap().memoryBytes() : 0);
        int pids = limits.pidsLimit() + (cgroups.unified() ? cgroups.cap().pids() : 0);
        resources.putObject("memory").put("limit", memory).put("swap", memory);
        resources.putObject("pids").put("limit", pids);
        resources.putObject("cpu").put("quota", limits.cpuQuotaMicros()).put("period", 100_000);
        // Deny every device; runc still creates and allows its default set (null, zero, random, ...).
        resources.putArray("devices").addObject().put("allow", false).put("access", "rwm");
        linux.put("cgroupsPath", cgroups.containerPath(id));
        linux.set("seccomp", seccomp);
        // No maskedPaths or readonlyPaths under /proc: the kernel lets a user namespace (bubblewrap's) mount
        // a procfs only where the existing one is fully visible. The job never sees this /proc: its
        // sandbox mounts a procfs of its own pid namespace, where it is an unprivileged user without
        // capabilities, for whom /proc/kcore, /proc/sysrq-trigger and /proc/sys stay closed.
        strings(linux.putArray("maskedPaths"), List.of("/sys/firmware"));
        return linux;
    }

    private static void mount(ArrayNode mounts, String destination, String type, String source, String... options) {
        ObjectNode mount = mounts.addObject().put("destination", destination).put("type", type).put("source", source);
        strings(mount.putArray("options"), List.of(options));
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
