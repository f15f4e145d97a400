package io.fenrir.manager;

import io.fenrir.core.job.Limits;
import io.fenrir.platform.config.CommonSetting;
import io.fenrir.platform.nats.JetStreamTopology;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the sandbox manager, read once from the environment (the same FENRIR_* variables
 * the API server reads) and validated at start-up. The settings both servers read take their
 * defaults from {@link CommonSetting}; the others' defaults are here.
 *
 * @param natsUrl            FENRIR_NATS_URL: NATS server with JetStream, or several separated by commas (the
 *                           nodes of a cluster)
 * @param natsReplicas       FENRIR_NATS_REPLICAS: copies JetStream keeps of what the manager creates (the
 *                           dead-letter stream, the languages bucket), as the API does of the job stream: 1 on
 *                           a single server, 3 on a 3-node cluster; 1 to 5
 * @param dbUrl              FENRIR_DB_URL: JDBC URL of the jobs database
 * @param dbUser             FENRIR_DB_USER
 * @param dbPassword         FENRIR_DB_PASSWORD
 * @param s3Endpoint         FENRIR_S3_ENDPOINT
 * @param s3AccessKey        FENRIR_S3_ACCESS_KEY
 * @param s3SecretKey        FENRIR_S3_SECRET_KEY
 * @param s3Bucket           FENRIR_S3_BUCKET
 * @param containerdSocket   FENRIR_CONTAINERD_SOCKET: containerd's gRPC socket (root on the host)
 * @param namespace          FENRIR_CONTAINERD_NAMESPACE: containerd namespace holding only Fenrir's workers
 * @param rootfs             FENRIR_ROOTFS: read-only root filesystem of every worker (deploy/rootfs)
 * @param agentJar           FENRIR_AGENT_JAR: the worker agent, bind-mounted read-only into workers
 * @param seccompProfile     FENRIR_SECCOMP_PROFILE: OCI seccomp section applied to every worker
 * @param workersDir         FENRIR_WORKERS_DIR: one socket directory per worker lives here
 * @param poolSize           FENRIR_POOL_SIZE: warm workers kept ready
 * @param healthPort         FENRIR_MANAGER_HEALTH_PORT: loopback port of /health and /metrics
 * @param workerReadyTimeout FENRIR_WORKER_READY_TIMEOUT_MS: start → agent answering Health
 * @param ackWait            FENRIR_ACK_WAIT_MS: how long JetStream waits for an ack (or an in-progress ack,
 *                           sent every third of it while a job runs) before redelivering: how soon the
 *                           job of a dead manager runs again
 * @param maxDeliver         FENRIR_MAX_DELIVER: deliveries of one job before it is given up
 * @param compileLimits      FENRIR_COMPILE_{CPU_MS,WALL_MS,MEMORY_MB,PIDS,OUTPUT_BYTES,FILE_BYTES}: the
 *                           compile step's limits (a job's run limits come with the job)
 * @param memoryLimitBytes   FENRIR_WORKER_MEMORY_BYTES: memory (and swap) limit of the agent's cgroup
 *                           (the job's steps have their own)
 * @param pidsLimit          FENRIR_WORKER_PIDS: process limit of the agent's cgroup
 * @param cpuQuotaMicros     FENRIR_WORKER_CPU_QUOTA_US: CPU bandwidth of the agent and of each step, per
 *                           100 ms period (100000 = one core)
 * @param workerMaxJobs      FENRIR_WORKER_MAX_JOBS: jobs one worker serves (each in fresh sandboxes) before it
 *                           is retired; 1: a fresh container for every job, at the price of a JVM start each
 * @param workerMaxAge       FENRIR_WORKER_MAX_AGE_S: age after which a worker is retired once its job ends
 * @param jobsMemoryBytes    FENRIR_WORKER_JOBS_MEMORY_MB: cap on the memory of all of a worker's job
 *                           sandboxes together; at least the compile step's and the largest job's limit
 * @param jobsPids           FENRIR_WORKER_JOBS_PIDS: cap on the processes of all of a worker's job sandboxes
 * @param uidBase            FENRIR_UID_BASE: the host uid and gid of root in the workers' user namespace;
 *                           the 65536 ids from here on must belong to no host user or group (checked at start)
 * @param cgroupParent       FENRIR_CGROUP_PARENT: this manager instance's name on its host: the top-level
 *                           cgroup of its workers and their io.fenrir.manager label; two managers on one
 *                           host need two names (start-up removes the leftovers under its own name only)
 * @param otlpEndpoint       FENRIR_OTLP_ENDPOINT: base URL of an OpenTelemetry collector's OTLP/HTTP receiver
 *                           (spans go to {@code <it>/v1/traces}); unset: no traces at all
 * @param otlpScheduleDelay  FENRIR_OTLP_SCHEDULE_DELAY_MS: how long finished spans wait to be sent in a batch
 */
public record ManagerConfig(String natsUrl, int natsReplicas, String dbUrl, String dbUser, String dbPassword,
        String s3Endpoint, String s3AccessKey, String s3SecretKey, String s3Bucket, Path containerdSocket, String namespace, Path rootfs,
        Path agentJar, Path seccompProfile, Path workersDir, int poolSize, int healthPort, Duration workerReadyTimeout,
        Duration ackWait, int maxDeliver, Limits compileLimits, long memoryLimitBytes, int pidsLimit,
        long cpuQuotaMicros, int workerMaxJobs, Duration workerMaxAge, long jobsMemoryBytes, int jobsPids,
        long uidBase, String cgroupParent, Optional<URI> otlpEndpoint, Duration otlpScheduleDelay) {

    public static ManagerConfig fromEnvironment(Map<String, String> env) {
        Reader r = new Reader(env);
        ManagerConfig config = new ManagerConfig(
                r.get(CommonSetting.NATS_URL),
                r.integer(CommonSetting.NATS_REPLICAS),
                r.get(CommonSetting.DB_URL),
                r.get(CommonSetting.DB_USER),
                r.get(CommonSetting.DB_PASSWORD),
                r.get(CommonSetting.S3_ENDPOINT),
                r.get(CommonSetting.S3_ACCESS_KEY),
                r.get(CommonSetting.S3_SECRET_KEY),
                r.get(CommonSetting.S3_BUCKET),
                Path.of(r.get("FENRIR_CONTAINERD_SOCKET", "/var/lib/fenrir/containerd/containerd.sock")),
                r.get("FENRIR_CONTAINERD_NAMESPACE", "fenrir"),
                Path.of(r.required("FENRIR_ROOTFS")),
                Path.of(r.required("FENRIR_AGENT_JAR")),
                Path.of(r.required("FENRIR_SECCOMP_PROFILE")),
                Path.of(r.get("FENRIR_WORKERS_DIR", "/var/lib/fenrir/workers")),
                r.integer("FENRIR_POOL_SIZE", 2),
                r.integer("FENRIR_MANAGER_HEALTH_PORT", 8081),
                Duration.ofMillis(r.integer("FENRIR_WORKER_READY_TIMEOUT_MS", 30_000)),
                Duration.ofMillis(r.integer("FENRIR_ACK_WAIT_MS", 30_000)),
                r.integer("FENRIR_MAX_DELIVER", 5),
                new Limits(r.integer("FENRIR_COMPILE_CPU_MS", 20_000),
                        r.integer("FENRIR_COMPILE_WALL_MS", 30_000),
                        r.integer("FENRIR_COMPILE_MEMORY_MB", 1024),
                        r.integer("FENRIR_COMPILE_PIDS", 64),
                        r.integer("FENRIR_COMPILE_OUTPUT_BYTES", 1 << 20),
                        r.integer("FENRIR_COMPILE_FILE_BYTES", 64 << 20)),
                r.integer("FENRIR_WORKER_MEMORY_BYTES", 256 << 20),
                r.integer("FENRIR_WORKER_PIDS", 128),
                r.integer("FENRIR_WORKER_CPU_QUOTA_US", 100_000),
                r.integer("FENRIR_WORKER_MAX_JOBS", 500),
                Duration.ofSeconds(r.integer("FENRIR_WORKER_MAX_AGE_S", 600)),
                r.integer("FENRIR_WORKER_JOBS_MEMORY_MB", 1024) * 1024L * 1024L,
                r.integer("FENRIR_WORKER_JOBS_PIDS", 256),
                r.integer("FENRIR_UID_BASE", 1_879_048_192),
                r.get("FENRIR_CGROUP_PARENT", "fenrir"),
                r.httpUrl("FENRIR_OTLP_ENDPOINT"),
                Duration.ofMillis(r.integer(CommonSetting.OTLP_SCHEDULE_DELAY_MS)));
        r.failIfInvalid();
        config.validate();
        return config;
    }

    private void validate() {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(rootfs.resolve("usr/bin"))) {
            problems.add("FENRIR_ROOTFS " + rootfs + " is not a root filesystem (no usr/bin)");
        }
        if (!Files.isRegularFile(agentJar)) {
            problems.add("FENRIR_AGENT_JAR " + agentJar + " does not exist (build it: make build)");
        }
        if (!Files.isRegularFile(seccompProfile)) {
            problems.add("FENRIR_SECCOMP_PROFILE " + seccompProfile + " does not exist");
        }
        if (!JetStreamTopology.validReplicas(natsReplicas)) {
            problems.add("FENRIR_NATS_REPLICAS must be 1 to 5 (JetStream's range)");
        }
        if (poolSize < 1) {
            problems.add("FENRIR_POOL_SIZE must be at least 1");
        }
        if (ackWait.toMillis() < 3_000) {
            problems.add("FENRIR_ACK_WAIT_MS must be at least 3000: in-progress acks go out every third of it");
        }
        if (compileLimits.cpuMs() < 1 || compileLimits.wallMs() < 1 || compileLimits.memoryMb() < 1
                || compileLimits.pids() < 1 || compileLimits.outputBytes() < 1 || compileLimits.fileBytes() < 1) {
            problems.add("every FENRIR_COMPILE_* limit must be at least 1");
        }
        if (uidBase < 1 || uidBase > 0xFFFFFFFFL - 65536) {
            problems.add("FENRIR_UID_BASE must be from 1 to 4294901759");
        }
        if (workerMaxJobs < 1) {
            problems.add("FENRIR_WORKER_MAX_JOBS must be at least 1");
        }
        if (workerMaxAge.toSeconds() < 1) {
            problems.add("FENRIR_WORKER_MAX_AGE_S must be at least 1");
        }
        if (jobsMemoryBytes < compileLimits.memoryBytes()) {
            problems.add("FENRIR_WORKER_JOBS_MEMORY_MB must be at least FENRIR_COMPILE_MEMORY_MB");
        }
        if (jobsPids < compileLimits.pids()) {
            problems.add("FENRIR_WORKER_JOBS_PIDS must be at least FENRIR_COMPILE_PIDS");
        }
        if (otlpScheduleDelay.toMillis() < 1) {
            problems.add("FENRIR_OTLP_SCHEDULE_DELAY_MS must be at least 1");
        }
        if (!cgroupParent.matches("[A-Za-z0-9._-]+")) {
            problems.add("FENRIR_CGROUP_PARENT must be one plain directory name, got '" + cgroupParent + "'");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration: " + String.join("; ", problems));
        }
    }

    /** Collects every problem before failing, so one start-up shows them all. */
    private static final class Reader {
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        String get(CommonSetting setting) {
            return get(setting.variable(), setting.defaultValue());
        }

        int integer(CommonSetting setting) {
            return integer(setting.variable(), Integer.parseInt(setting.defaultValue()));
        }

        String get(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        String required(String name) {
            String value = get(name, null);
            if (value == null) {
                problems.add(name + " is required");
                return "";
            }
            return value;
        }

        int integer(String name, int fallback) {
            String value = get(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                problems.add(name + " must be a whole number, got '" + value + "'");
                return fallback;
            }
        }

        /** An optional http(s) URL. */
        Optional<URI> httpUrl(String name) {
            String value = get(name, null);
            if (value == null) {
                return Optional.empty();
            }
            try {
                URI uri = new URI(value);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return Optional.of(uri);
                }
            } catch (URISyntaxException e) {
                // Reported below.
            }
            problems.add(name + " must be an http or https URL, got '" + value + "'");
            return Optional.empty();
        }

        void failIfInvalid() {
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid configuration: " + String.join("; ", problems));
            }
        }
    }
}
