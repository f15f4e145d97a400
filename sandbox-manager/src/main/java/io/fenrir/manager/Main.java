package io.fenrir.manager;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fenrir.manager.cgroup.CgroupLayout;
import io.fenrir.manager.cgroup.WorkerCgroups;
import io.fenrir.manager.containerd.AppArmor;
import io.fenrir.manager.containerd.ContainerdClient;
import io.fenrir.manager.containerd.SandboxSpec;
import io.fenrir.manager.containerd.UserNamespace;
import io.fenrir.manager.pool.AgentClassArchive;
import io.fenrir.manager.dispatch.AgentExecution;
import io.fenrir.manager.dispatch.Cancellations;
import io.fenrir.manager.dispatch.Dispatcher;
import io.fenrir.manager.dispatch.ExhaustedDeliveries;
import io.fenrir.manager.dispatch.JobRunner;
import io.fenrir.manager.health.HealthServer;
import io.fenrir.manager.languages.RuntimeCatalog;
import io.fenrir.manager.metrics.ManagerMetrics;
import io.fenrir.manager.persist.AnnouncingJobRecords;
import io.fenrir.manager.persist.BlobStore;
import io.fenrir.manager.persist.JobRecords;
import io.fenrir.manager.persist.PostgresJobRecords;
import io.fenrir.manager.persist.S3BlobStore;
import io.fenrir.manager.pool.WorkerFactory;
import io.fenrir.manager.pool.WorkerPool;
import io.fenrir.manager.queue.DeadLetters;
import io.fenrir.manager.queue.JetStreamDeadLetters;
import io.fenrir.manager.queue.JobQueue;
import io.fenrir.manager.queue.JetStreamLiveOutput;
import io.fenrir.manager.queue.NatsJobNotices;
import io.fenrir.manager.trace.Tracing;
import io.fenrir.platform.nats.JetStreamTopology;
import io.fenrir.platform.nats.JobEventStream;
import io.fenrir.platform.nats.NatsConnections;
import io.nats.client.Connection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the sandbox manager together; all wiring is here, in the order things start. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** How long one attempt retries a storage write (with in-progress acks) before giving its delivery back. */
    private static final Duration PERSIST_BUDGET = Duration.ofMinutes(2);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ManagerConfig config = ManagerConfig.fromEnvironment(System.getenv());
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        ManagerMetrics metrics = new ManagerMetrics();
        Tracing tracing = config.otlpEndpoint()
                .map(endpoint -> Tracing.exportingTo(endpoint, config.otlpScheduleDelay(), config.cgroupParent()))
                .orElseGet(Tracing::off);
        LOG.info("traces: {}", config.otlpEndpoint().map(endpoint -> "OTLP/HTTP to " + endpoint).orElse("off"));

        AppArmor appArmor = AppArmor.detect();
        if (appArmor.enabled()) {
            LOG.info("AppArmor: {}", appArmor.reason());
        } else {
            LOG.warn("AppArmor: {}; workers run on the other isolation layers only", appArmor.reason());
        }
        // Fails start-up where AppArmor is enabled but deploy/apparmor/fenrir-worker is not loaded.
        Optional<String> workerProfile = appArmor.profileToApply();
        workerProfile.ifPresent(profile -> LOG.info("AppArmor: workers run under profile {}", profile));
        ContainerdClient containerd = new ContainerdClient(config.containerdSocket(), config.namespace());
        LOG.info("containerd {} at {}", containerd.version(), config.containerdSocket());
        UserNamespace userNamespace = new UserNamespace(config.uidBase());
        userNamespace.requireFree(Path.of("/etc"));
        WorkerCgroups cgroups = new WorkerCgroups(CgroupLayout.detect(Path.of("/proc/self/mountinfo")),
                config.cgroupParent(), userNamespace.hostId(SandboxSpec.AGENT_UID),
                new WorkerCgroups.JobsCap(config.jobsMemoryBytes(), config.jobsPids()));
        SandboxSpec spec = new SandboxSpec(json, config.rootfs(), config.agentJar(), config.seccompProfile(),
                new SandboxSpec.Limits(config.memoryLimitBytes(), config.pidsLimit(), config.cpuQuotaMicros()), cgroups,
                workerProfile, config.otlpEndpoint().isPresent(), userNamespace,
                AgentClassArchive.prepare(config.rootfs(), config.agentJar(),
                        config.workersDir().toAbsolutePath().resolveSibling("agent-cds"), SandboxSpec.AGENT_JVM_OPTIONS));
        WorkerFactory factory = new WorkerFactory(containerd, spec, cgroups, config.workersDir(),
                config.workerReadyTimeout(), config.cgroupParent(), tracing, userNamespace);
        removeLeftovers(containerd, factory, cgroups);

        Connection nats = NatsConnections.connect(config.natsUrl(), "fenrir-sandbox-manager");
        JetStreamTopology topology = new JetStreamTopology(nats, config.natsReplicas());
        RuntimeCatalog.publish(nats, topology, json, config.rootfs(), config.compileLimits());
        JobEventStream.ensure(topology);
        PostgresJobRecords postgres = new PostgresJobRecords(config.dbUrl(), config.dbUser(), config.dbPassword(),
                metrics.postgresWrites());
        JobRecords jobs = new AnnouncingJobRecords(postgres, new NatsJobNotices(nats));
        BlobStore blobs = new S3BlobStore(config.s3Endpoint(), config.s3AccessKey(), config.s3SecretKey(),
                config.s3Bucket(), metrics.s3Writes());
        WorkerPool pool = new WorkerPool(factory, config.poolSize(),
                new WorkerPool.Reuse(config.workerMaxJobs(), config.workerMaxAge()), metrics);
        metrics.watchWorkers(pool.size(), pool::idleCount, pool::busyCount, pool::warmingCount);
        JobQueue queue = new JobQueue(nats, config.ackWait(), config.maxDeliver());
        DeadLetters deadLetters = new JetStreamDeadLetters(nats, topology, metrics);
        Cancellations cancellations = new Cancellations(nats);
        JobRunner runner = new JobRunner(json, pool,
                new AgentExecution(config.compileLimits(), config.cpuQuotaMicros(), cancellations,
                        new JetStreamLiveOutput(nats)),
                new JobRunner.Stores(jobs, blobs, deadLetters), config.maxDeliver(), config.ackWait(),
                PERSIST_BUDGET, metrics, tracing);
        Dispatcher dispatcher = new Dispatcher(pool, queue, runner);
        ExhaustedDeliveries exhausted = new ExhaustedDeliveries(nats, json, jobs, deadLetters);
        HealthServer health = new HealthServer(config.healthPort(), pool, appArmor, json, metrics);

        pool.start();
        dispatcher.start();
        health.start();
        LOG.info("sandbox manager started: pool of {}, health and metrics on 127.0.0.1:{}", config.poolSize(),
                config.healthPort());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            // Closed in reverse order: the spans of the last jobs are sent once everything else stopped.
            try (tracing; containerd; postgres; nats; health; exhausted; cancellations; metrics) {
                dispatcher.close();
                pool.close();
            } catch (Exception e) {
                LOG.warn("error while stopping: {}", e.getMessage());
            }
            stopped.countDown();
        }, "fenrir-shutdown"));
        stopped.await();
    }

    /**
     * Containers (and then cgroups) of ours that a previous, crashed manager left behind: their jobs
     * get redelivered.
     */
    private static void removeLeftovers(ContainerdClient containerd, WorkerFactory factory, WorkerCgroups cgroups)
            throws IOException, InterruptedException {
        for (String id : containerd.containerIds(factory.labels())) {
            LOG.info("removing leftover worker {}", id);
            factory.destroy(id, factory.socketDirOf(id));
        }
        for (String id : cgroups.workers()) {
            LOG.info("removing leftover cgroups of worker {}", id);
            cgroups.remove(id);
        }
    }
}
