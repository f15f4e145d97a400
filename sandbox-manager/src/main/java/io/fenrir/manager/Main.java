package io.fenrir.manager;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fenrir.manager.containerd.AppArmor;
import io.fenrir.manager.containerd.ContainerdClient;
import io.fenrir.manager.containerd.SandboxSpec;
import io.fenrir.manager.dispatch.Dispatcher;
import io.fenrir.manager.dispatch.JobRunner;
import io.fenrir.manager.health.HealthServer;
import io.fenrir.manager.persist.BlobStore;
import io.fenrir.manager.persist.JobStore;
import io.fenrir.manager.pool.WorkerFactory;
import io.fenrir.manager.pool.WorkerPool;
import io.fenrir.manager.queue.JobQueue;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the sandbox manager together; all wiring is here, in the order things start. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ManagerConfig config = ManagerConfig.fromEnvironment(System.getenv());
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

        AppArmor appArmor = AppArmor.detect();
        if (appArmor.enabled()) {
            LOG.info("AppArmor: {}", appArmor.reason());
        } else {
            LOG.warn("AppArmor: {}; workers run on the other isolation layers only", appArmor.reason());
        }
        // Fails start-up where AppArmor is enabled but deploy/apparmor/fenrir-worker is not loaded.
        Optional<String> workerProfile = appArmor.profileToApply();
        workerProfile.ifPresent(profile -> LOG.info("AppArmor: profile {} is loaded", profile));
        ContainerdClient containerd = new ContainerdClient(config.containerdSocket(), config.namespace());
        LOG.info("containerd {} at {}", containerd.version(), config.containerdSocket());
        SandboxSpec spec = new SandboxSpec(json, config.rootfs(), config.agentJar(), config.seccompProfile(),
                new SandboxSpec.Limits(config.memoryLimitBytes(), config.pidsLimit(), config.cpuQuotaMicros()));
        WorkerFactory factory = new WorkerFactory(containerd, spec, config.workersDir(), config.workerReadyTimeout());
        removeLeftovers(containerd, factory);

        JobStore jobs = new JobStore(config.dbUrl(), config.dbUser(), config.dbPassword());
        BlobStore blobs = new BlobStore(config.s3Endpoint(), config.s3AccessKey(), config.s3SecretKey(), config.s3Bucket());
        WorkerPool pool = new WorkerPool(factory, config.poolSize());
        JobQueue queue = new JobQueue(config.natsUrl(), config.ackWait(), config.maxDeliver());
        JobRunner runner = new JobRunner(json, pool, jobs, blobs, config.wallLimit(), config.outputLimitBytes(),
                config.maxDeliver(), config.ackWait());
        Dispatcher dispatcher = new Dispatcher(pool, queue, runner);
        HealthServer health = new HealthServer(config.healthPort(), pool, appArmor, json);

        pool.start();
        dispatcher.start();
        health.start();
        LOG.info("sandbox manager started: pool of {}, health on 127.0.0.1:{}", config.poolSize(), config.healthPort());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            try (containerd; jobs; queue; health) {
                dispatcher.close();
                pool.close();
            } catch (Exception e) {
                LOG.warn("error while stopping: {}", e.getMessage());
            }
            stopped.countDown();
        }, "fenrir-shutdown"));
        stopped.await();
    }

    /** Containers of ours that a previous, crashed manager left behind: their jobs get redelivered. */
    private static void removeLeftovers(ContainerdClient containerd, WorkerFactory factory) {
        for (String id : containerd.containerIds(WorkerFactory.ROLE_LABEL, WorkerFactory.ROLE_WORKER)) {
            LOG.info("removing leftover worker {}", id);
            factory.destroy(id, factory.socketDirOf(id));
        }
    }
}
