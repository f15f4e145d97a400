package io.fenrir.manager.metrics;

import io.fenrir.core.job.JobStatus;
import io.fenrir.core.job.Verdict;
import io.fenrir.core.lang.Languages;
import io.fenrir.manager.cgroup.WorkerCgroups;
import io.fenrir.platform.metrics.CommonMeters;
import io.fenrir.platform.metrics.StorageWrites;
import io.fenrir.platform.metrics.WriteTimer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The sandbox manager's meters, named in one place, and the Prometheus text they are scraped as
 * (GET /metrics on the health server). The other classes report what happened through the methods
 * here; none of them names a meter. Micrometer names (dots) become Prometheus names with
 * underscores and the unit: {@code fenrir.queue.wait} is {@code fenrir_queue_wait_seconds}.
 *
 * <p>Labels are bounded sets only: step, language (an unknown one is "unknown"), verdict, status,
 * cause, store, outcome; never a job or worker id.
 */
public final class ManagerMetrics implements AutoCloseable {
    static final String QUEUE_WAIT = "fenrir.queue.wait";
    static final String REDELIVERIES = "fenrir.queue.redeliveries";
    static final String DEAD_LETTERS = "fenrir.dead.letters";
    static final String WORKER_CREATION = "fenrir.worker.creation";
    static final String WORKER_RETIREMENTS = "fenrir.worker.retirements";
    static final String WORKERS = "fenrir.workers";
    static final String POOL_SIZE = "fenrir.worker.pool.size";
    static final String STEP = "fenrir.job.step";
    static final String TIMEOUTS = "fenrir.job.timeouts";
    static final String MEMORY_KILLS = "fenrir.job.memory.kills";
    static final String OUTPUT_TRUNCATIONS = "fenrir.job.output.truncations";
    static final String END_TO_END = "fenrir.job.end.to.end";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final StorageWrites storageWrites;
    private final Counter redeliveries;

    public ManagerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
        storageWrites = new StorageWrites(registry);
        // Rare events start at 0, so that increase() sees their first occurrence.
        redeliveries = Counter.builder(REDELIVERIES)
                .description("Deliveries of a job beyond its first (a nak, a dead worker or manager, an ack wait passed)")
                .register(registry);
        for (DeadLetterCause cause : DeadLetterCause.values()) {
            deadLetters(cause);
        }
        for (WorkerRetirement reason : WorkerRetirement.values()) {
            retirements(reason);
        }
    }

    /** Everything in the Prometheus text format (0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    public WriteTimer postgresWrites() {
        return storageWrites.postgres();
    }

    public WriteTimer s3Writes() {
        return storageWrites.s3();
    }

    /** The pool's workers by state, read at each scrape. */
    public void watchWorkers(int poolSize, IntSupplier idle, IntSupplier busy, IntSupplier warming) {
        Gauge.builder(POOL_SIZE, () -> poolSize).description("Warm workers the pool keeps (FENRIR_POOL_SIZE)")
                .register(registry);
        workers("idle", idle, "warm, waiting for a job");
        workers("busy", busy, "taken for a job, until destroyed");
        workers("warming", warming, "being created");
    }

    private void workers(String state, IntSupplier count, String meaning) {
        Gauge.builder(WORKERS, count::getAsInt).description("Workers by state; " + state + ": " + meaning)
                .tag("state", state).register(registry);
    }

    /**
     * A job message taken from the queue. Its first delivery is timed from the API's acceptance
     * (submittedAt, the API host's clock); a later one counts as a redelivery, since its wait would
     * include the earlier attempts.
     */
    public void dequeued(String language, Instant submittedAt, int delivery, Instant now) {
        if (delivery > 1) {
            redeliveries.increment();
            return;
        }
        Duration wait = Duration.between(submittedAt, now);
        CommonMeters.latency(QUEUE_WAIT, "From the API's acceptance of a job to its first delivery to a manager")
                .tag("language", language(language)).register(registry)
                .record(wait.isNegative() ? Duration.ZERO : wait);
    }

    /** One worker creation, from container create to its agent answering Health. */
    public void workerCreation(Duration took, boolean succeeded) {
        CommonMeters.latency(WORKER_CREATION, "Creating a worker: cgroups, container, task, agent answering Health")
                .tag(CommonMeters.OUTCOME, succeeded ? CommonMeters.SUCCESS : CommonMeters.FAILURE)
                .register(registry).record(took);
    }

    /** A worker was destroyed (and a replacement warmed) for {@code reason}. */
    public void workerRetired(WorkerRetirement reason) {
        retirements(reason).increment();
    }

    /** A step's wall time as the agent measured it; verdict is the job's. */
    public void step(String step, String language, Verdict verdict, long wallMs) {
        CommonMeters.latency(STEP, "Wall time of a job's compile or run step, as the agent measured it")
                .tags("step", step(step), "language", language(language), "verdict", verdict.name())
                .register(registry).record(wallMs, TimeUnit.MILLISECONDS);
    }

    /** A step killed at its CPU-time ("cpu") or wall-clock ("wall") limit. */
    public void timeout(String step, String language, String limit) {
        Counter.builder(TIMEOUTS).description("Steps killed at their CPU-time or wall-clock limit")
                .tags("step", step(step), "language", language(language), "limit", limit).register(registry).increment();
    }

    /** A step in which the kernel's OOM killer killed a process. */
    public void memoryKill(String step, String language) {
        Counter.builder(MEMORY_KILLS).description("Steps in which the OOM killer killed a process at the memory limit")
                .tags("step", step(step), "language", language(language)).register(registry).increment();
    }

    /** A step whose stdout or stderr was cut at its output limit. */
    public void outputTruncation(String step, String language, String stream) {
        Counter.builder(OUTPUT_TRUNCATIONS).description("Step output streams cut at the output limit")
                .tags("step", step(step), "language", language(language), "stream", stream).register(registry).increment();
    }

    /**
     * A job finished here (its terminal record written and its message acknowledged): from the API's
     * acceptance to then. Its count by status and verdict is the manager's throughput.
     */
    public void finished(String language, JobStatus status, Verdict verdict, Instant submittedAt, Instant finishedAt) {
        Duration took = Duration.between(submittedAt, finishedAt);
        CommonMeters.latency(END_TO_END, "From the API's acceptance of a job to its terminal record, written and acknowledged")
                .tags("language", language(language), "status", status.name(),
                        "verdict", verdict == null ? "none" : verdict.name())
                .register(registry).record(took.isNegative() ? Duration.ZERO : took);
    }

    /** A dead letter stored (not a repeated burial of one already there). */
    public void deadLettered(DeadLetterCause cause) {
        deadLetters(cause).increment();
    }

    private Counter retirements(WorkerRetirement reason) {
        return Counter.builder(WORKER_RETIREMENTS)
                .description("Workers destroyed and replaced after a job, by reason (a worker serves many jobs)")
                .tag("reason", reason.label()).register(registry);
    }

    private Counter deadLetters(DeadLetterCause cause) {
        return Counter.builder(DEAD_LETTERS).description("Jobs copied to the dead-letter stream FENRIR_DLQ, by cause")
                .tag("cause", cause.label()).register(registry);
    }

    /** Bounds the step label to the steps there are: the name comes from the agent, inside the sandbox. */
    private static String step(String name) {
        return WorkerCgroups.COMPILE.equals(name) || WorkerCgroups.RUN.equals(name) ? name : "unknown";
    }

    /** Bounds the language label to the languages there are, whatever a message carries. */
    private static String language(String name) {
        return name != null && Languages.byName(name).isPresent() ? name : "unknown";
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
