package io.fenrir.manager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the sandbox manager, read once from the environment (the same FENRIR_* variables
 * the API server reads) and validated at start-up.
 *
 * @param natsUrl            FENRIR_NATS_URL: NATS server with JetStream
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
 * @param healthPort         FENRIR_MANAGER_HEALTH_PORT: loopback port of /health
 * @param workerReadyTimeout FENRIR_WORKER_READY_TIMEOUT_MS: start → agent answering Health
 * @param ackWait            FENRIR_ACK_WAIT_MS: how long JetStream waits for an ack before redelivering
 * @param maxDeliver         FENRIR_MAX_DELIVER: deliveries of one job before it is given up
 * @param wallLimit          FENRIR_WALL_LIMIT_MS: wall-clock limit of a job's run step
 * @param outputLimitBytes   FENRIR_OUTPUT_LIMIT_BYTES: bytes kept per output stream
 * @param memoryLimitBytes   FENRIR_WORKER_MEMORY_BYTES: memory (and swap) limit of a worker's cgroup
 * @param pidsLimit          FENRIR_WORKER_PIDS: process limit of a worker's cgroup
 * @param cpuQuotaMicros     FENRIR_WORKER_CPU_QUOTA_US: CPU time per 100 ms period (100000 = one core)
 */
public record ManagerConfig(String natsUrl, String dbUrl, String dbUser, String dbPassword, String s3Endpoint,
        String s3AccessKey, String s3SecretKey, String s3Bucket, Path containerdSocket, String namespace, Path rootfs,
        Path agentJar, Path seccompProfile, Path workersDir, int poolSize, int healthPort, Duration workerReadyTimeout,
        Duration ackWait, int maxDeliver, Duration wallLimit, long outputLimitBytes, long memoryLimitBytes,
        int pidsLimit, long cpuQuotaMicros) {

    public static ManagerConfig fromEnvironment(Map<String, String> env) {
        Reader r = new Reader(env);
        ManagerConfig config = new ManagerConfig(
                r.get("FENRIR_NATS_URL", "nats://127.0.0.1:4222"),
                r.get("FENRIR_DB_URL", "jdbc:postgresql://127.0.0.1:55432/fenrir"),
                r.get("FENRIR_DB_USER", "fenrir"),
                r.get("FENRIR_DB_PASSWORD", "fenrir"),
                r.get("FENRIR_S3_ENDPOINT", "http://127.0.0.1:9000"),
                r.get("FENRIR_S3_ACCESS_KEY", "fenrir"),
                r.get("FENRIR_S3_SECRET_KEY", "fenrir-secret"),
                r.get("FENRIR_S3_BUCKET", "fenrir"),
                Path.of(r.get("FENRIR_CONTAINERD_SOCKET", "/var/lib/fenrir/containerd/containerd.sock")),
                r.get("FENRIR_CONTAINERD_NAMESPACE", "fenrir"),
                Path.of(r.required("FENRIR_ROOTFS")),
                Path.of(r.required("FENRIR_AGENT_JAR")),
                Path.of(r.required("FENRIR_SECCOMP_PROFILE")),
                Path.of(r.get("FENRIR_WORKERS_DIR", "/var/lib/fenrir/workers")),
                r.integer("FENRIR_POOL_SIZE", 2),
                r.integer("FENRIR_MANAGER_HEALTH_PORT", 8081),
                Duration.ofMillis(r.integer("FENRIR_WORKER_READY_TIMEOUT_MS", 30_000)),
                Duration.ofMillis(r.integer("FENRIR_ACK_WAIT_MS", 120_000)),
                r.integer("FENRIR_MAX_DELIVER", 5),
                Duration.ofMillis(r.integer("FENRIR_WALL_LIMIT_MS", 10_000)),
                r.integer("FENRIR_OUTPUT_LIMIT_BYTES", 1 << 20),
                r.integer("FENRIR_WORKER_MEMORY_BYTES", 512 << 20),
                r.integer("FENRIR_WORKER_PIDS", 128),
                r.integer("FENRIR_WORKER_CPU_QUOTA_US", 100_000));
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
        if (poolSize < 1) {
            problems.add("FENRIR_POOL_SIZE must be at least 1");
        }
        if (ackWait.compareTo(wallLimit.multipliedBy(2)) < 0) {
            problems.add("FENRIR_ACK_WAIT_MS must be at least twice FENRIR_WALL_LIMIT_MS, or running jobs get redelivered");
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

        void failIfInvalid() {
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid configuration: " + String.join("; ", problems));
            }
        }
    }
}
