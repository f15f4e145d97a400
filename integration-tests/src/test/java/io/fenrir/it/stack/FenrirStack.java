package io.fenrir.it.stack;

import io.fenrir.it.harness.ContainerdDaemon;
import io.fenrir.it.harness.FreePorts;
import io.fenrir.it.harness.NatsCluster;
import io.fenrir.it.harness.NatsServer;
import io.fenrir.it.harness.PostgresServer;
import io.fenrir.it.harness.Repo;
import io.fenrir.it.harness.Rootfs;
import io.fenrir.it.harness.S3Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole platform on real components: nats-server (JetStream), PostgreSQL, an S3 server,
 * containerd + runc, then the API server and the sandbox manager, wired exactly as `make up` wires
 * them (FENRIR_* environment variables), on free ports in temp dirs. Each part can be stopped,
 * killed and restarted on its own. NATS is one server of the stack's own, or a {@link NatsCluster}
 * the caller started.
 */
public final class FenrirStack implements AutoCloseable {
    public static final String NAMESPACE = "fenrir";

    /** The cluster the stack was started on, which its caller owns (and closes after the stack); else null. */
    public final NatsCluster natsCluster;
    // Not final: a failed start closes what had already started (see the constructor).
    /** The stack's own NATS server; null on a stack started on a {@link NatsCluster}. */
    public NatsServer nats;
    public PostgresServer postgres;
    public S3Server s3;
    public ContainerdDaemon containerd;
    public ApiServer api;
    public SandboxManager manager;
    /** A second manager on the same stream and containerd, when a test starts one. */
    public SandboxManager secondManager;
    private final int poolSize;
    private final Map<String, String> extraEnv;
    /** Each stack's workers get their own top-level cgroup: stacks (and `make up`) never touch each other's. */
    private final String cgroupParent = "fenrir-it-" + Long.toHexString(System.nanoTime());

    private FenrirStack(int poolSize, Map<String, String> extraEnv, NatsCluster natsCluster) {
        this.poolSize = poolSize;
        this.extraEnv = Map.copyOf(extraEnv);
        this.natsCluster = natsCluster;
        try {
            startAll();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startAll() {
        if (natsCluster == null) {
            this.nats = new NatsServer().start();
        }
        this.postgres = new PostgresServer().start();
        this.s3 = new S3Server().start();
        this.containerd = new ContainerdDaemon().start();
        Map<String, String> env = environment();
        int apiPort = FreePorts.find();
        int healthPort = FreePorts.find();
        env.put("FENRIR_HTTP_PORT", Integer.toString(apiPort));
        env.put("FENRIR_MANAGER_HEALTH_PORT", Integer.toString(healthPort));
        env.putAll(extraEnv);
        // The API owns the stream and the schema: it starts first, as in `make up`.
        this.api = new ApiServer(apiPort, env).start();
        loadAppArmorProfileWhereEnabled();
        this.manager = new SandboxManager(healthPort, env).start();
    }

    /** Starts everything; {@code poolSize} warm workers. */
    public static FenrirStack start(int poolSize) {
        return start(poolSize, Map.of());
    }

    /**
     * Starts everything with settings of a test's own: {@code extraEnv} goes to both Fenrir
     * processes, over the stack's (e.g. FENRIR_QUEUE_MAX_PENDING=3); each reads the keys it knows.
     */
    public static FenrirStack start(int poolSize, Map<String, String> extraEnv) {
        return new FenrirStack(poolSize, extraEnv, null);
    }

    /**
     * Starts everything but NATS on {@code natsCluster}, which must be running: FENRIR_NATS_URL lists
     * every node. Set FENRIR_NATS_REPLICAS in {@code extraEnv} for replicated streams. The cluster stays
     * the caller's: {@link #close} leaves it running.
     */
    public static FenrirStack start(int poolSize, Map<String, String> extraEnv, NatsCluster natsCluster) {
        return new FenrirStack(poolSize, extraEnv, natsCluster);
    }

    /** FENRIR_NATS_URL: the stack's server, or every node of its cluster. */
    public String natsUrl() {
        return natsCluster != null ? natsCluster.url() : nats.url();
    }

    public int poolSize() {
        return poolSize;
    }

    /**
     * Starts a second sandbox manager beside the first: same stream, database, S3 and containerd
     * namespace, its own instance name (cgroup parent) and health port.
     */
    public SandboxManager startSecondManager() {
        Map<String, String> env = environment();
        int healthPort = FreePorts.find();
        env.put("FENRIR_MANAGER_HEALTH_PORT", Integer.toString(healthPort));
        env.put("FENRIR_CGROUP_PARENT", cgroupParent + "-2");
        env.putAll(extraEnv);
        secondManager = new SandboxManager(healthPort, env).start();
        return secondManager;
    }

    /** FENRIR_CGROUP_PARENT of this stack's manager. */
    public String cgroupParent() {
        return cgroupParent;
    }

    /** The cgroup directories of this stack's workers in the memory hierarchy (one per live worker). */
    public List<String> workerCgroups() {
        Path dir = Path.of("/sys/fs/cgroup/memory", cgroupParent);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("FENRIR_NATS_URL", natsUrl());
        env.put("FENRIR_DB_URL", postgres.jdbcUrl());
        env.put("FENRIR_DB_USER", postgres.user());
        env.put("FENRIR_DB_PASSWORD", postgres.password());
        env.put("FENRIR_S3_ENDPOINT", s3.endpoint());
        env.put("FENRIR_S3_ACCESS_KEY", s3.accessKey());
        env.put("FENRIR_S3_SECRET_KEY", s3.secretKey());
        env.put("FENRIR_S3_BUCKET", s3.bucket());
        env.put("FENRIR_CONTAINERD_SOCKET", containerd.socket().toString());
        env.put("FENRIR_CONTAINERD_NAMESPACE", NAMESPACE);
        env.put("FENRIR_ROOTFS", Rootfs.path().toString());
        env.put("FENRIR_AGENT_JAR", Repo.path("worker-agent/target/fenrir-worker-agent.jar").toString());
        env.put("FENRIR_SECCOMP_PROFILE", seccompProfile().toString());
        env.put("FENRIR_WORKERS_DIR", containerd.dir().resolve("workers").toString());
        env.put("FENRIR_POOL_SIZE", Integer.toString(poolSize));
        env.put("FENRIR_CGROUP_PARENT", cgroupParent);
        return env;
    }

    private static Path seccompProfile() {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";
        return Repo.path("deploy/seccomp/fenrir-" + arch + ".json");
    }

    /**
     * As deploy/local/up.sh: where the kernel enforces AppArmor, the manager starts only once the worker
     * profile is loaded. Elsewhere (this project's machines) nothing to do.
     */
    private static void loadAppArmorProfileWhereEnabled() {
        Path flag = Path.of("/sys/module/apparmor/parameters/enabled");
        try {
            if (!Files.exists(flag) || !Files.readString(flag).trim().equals("Y")) {
                return;
            }
            Path profile = Repo.path("deploy/apparmor/fenrir-worker");
            Process p = new ProcessBuilder("apparmor_parser", "-r", profile.toString()).inheritIO().start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("failed to load AppArmor profile " + profile + " with apparmor_parser -r");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to load AppArmor profile: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the AppArmor profile", e);
        }
    }

    /** Stops Fenrir's processes first (the manager removes its workers), then the services. */
    @Override
    public void close() {
        for (AutoCloseable part : new AutoCloseable[] {secondManager, manager, api, containerd, s3, postgres, nats}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.err.println("[stack] failed to stop " + part.getClass().getSimpleName() + ": " + e);
                }
            }
        }
        removeCgroupParent(cgroupParent);
        removeCgroupParent(cgroupParent + "-2");
    }

    /**
     * Workers whose run step has started: the ones running a job. The agent makes each step's cgroup
     * (jobs/job-N-run) under the worker's delegated jobs directory and removes it when the step ends.
     */
    public List<String> workersRunningAJob() {
        return workerCgroups().stream().filter(worker -> {
            try (var steps = Files.list(Path.of("/sys/fs/cgroup/memory", cgroupParent, worker, "jobs"))) {
                return steps.anyMatch(step -> step.getFileName().toString().endsWith("-run"));
            } catch (IOException e) {
                return false;
            }
        }).toList();
    }

    /** The step cgroups that exist now under worker {@code id}'s jobs directory (none between jobs). */
    public List<String> stepCgroups(String id) {
        try (var steps = Files.list(Path.of("/sys/fs/cgroup/memory", cgroupParent, id, "jobs"))) {
            return steps.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills every process of worker {@code id}'s container (as a crash of the worker would). */
    public void killWorker(String id) {
        try {
            containerd.ctr("-n", NAMESPACE, "tasks", "kill", "-s", "SIGKILL", "--all", id);
        } catch (IllegalStateException e) {
            // Gone already.
        }
    }

    /** The manager removed its workers' cgroups; their parent is the stack's to remove (rmdir: only if empty). */
    private static void removeCgroupParent(String cgroupParent) {
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path hierarchy : (Iterable<Path>) hierarchies::iterator) {
                try {
                    Files.deleteIfExists(hierarchy.resolve(cgroupParent));
                } catch (IOException e) {
                    System.err.println("[stack] failed to remove cgroup " + hierarchy.resolve(cgroupParent) + ": " + e);
                }
            }
        } catch (IOException e) {
            System.err.println("[stack] failed to list /sys/fs/cgroup: " + e);
        }
    }
}
