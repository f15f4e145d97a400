package io.fenrir.manager.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobNames;
import io.fenrir.core.job.JobStatus;
import io.fenrir.core.job.Limits;
import io.fenrir.core.job.SourceFile;
import io.fenrir.core.job.Stage;
import io.fenrir.manager.metrics.DeadLetterCause;
import io.fenrir.manager.metrics.ManagerMetrics;
import io.fenrir.manager.persist.BlobStore;
import io.fenrir.manager.persist.JobStore;
import io.fenrir.manager.persist.Outcome;
import io.fenrir.manager.pool.Worker;
import io.fenrir.manager.pool.WorkerLease;
import io.fenrir.manager.pool.WorkerPool;
import io.fenrir.manager.queue.DeadLetters;
import io.fenrir.manager.trace.Tracing;
import io.nats.client.Message;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Takes one delivered job message through its attempt on one worker: skip it if already finished,
 * mark it RUNNING, run it (with in-progress acks), store the sources and the output, write the terminal record
 * (and, for a job FAILED on its last delivery, its dead letter), and only then acknowledge the
 * message. Any failure before the ack leaves the message to be delivered again, which is safe
 * because every write here is idempotent.
 *
 * <p>Each delivery is one "job" span in the job's trace, with a child span per step (the agent's Run
 * call is traced on the worker's channel, see {@link Tracing#agentCalls}); its trace id is in the
 * logging MDC ({@value #TRACE_ID}) while the delivery is handled.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);
    private static final Duration MAX_REDELIVERY_DELAY = Duration.ofMinutes(1);
    private static final Duration PERSIST_BUDGET = Duration.ofMinutes(2);

    private final ObjectMapper json;
    private final WorkerPool pool;
    private final Execution execution;
    private final JobStore jobs;
    private final BlobStore blobs;
    private final int maxDeliver;
    private final Duration persistBudget;
    private final Heartbeat heartbeat;
    private final DeadLetters deadLetters;
    private final ManagerMetrics metrics;
    private final Tracing tracing;
    /** The MDC key of the trace id, as the API's (Quarkus OpenTelemetry) logs have it. */
    static final String TRACE_ID = "traceId";

    public JobRunner(ObjectMapper json, WorkerPool pool, JobStore jobs, BlobStore blobs, DeadLetters deadLetters,
            Limits compileLimits, long cpuQuotaMicros, Cancellations cancellations, int maxDeliver, Duration ackWait,
            ManagerMetrics metrics, Tracing tracing) {
        this.json = json;
        this.metrics = metrics;
        this.tracing = tracing;
        this.deadLetters = deadLetters;
        this.pool = pool;
        this.execution = new Execution(compileLimits, cpuQuotaMicros, cancellations);
        this.jobs = jobs;
        this.blobs = blobs;
        this.maxDeliver = maxDeliver;
        // Storage retries send in-progress acks too; the budget bounds how long one attempt may hold the message.
        this.persistBudget = PERSIST_BUDGET;
        this.heartbeat = new Heartbeat(ackWait);
    }

    public void run(Worker worker, Message message) {
        Instant dequeuedAt = Instant.now();
        try (WorkerLease lease = new WorkerLease(pool, worker)) {
            Span span = tracing.startJob(message, worker.id(), worker.creation());
            Optional<String> traceId = Tracing.traceIdOf(span);
            try (Scope scope = span.makeCurrent();
                    MDC.MDCCloseable log = traceId.map(id -> MDC.putCloseable(TRACE_ID, id)).orElse(null)) {
                JobMessage job = decode(lease, message, span);
                if (job != null) {
                    try (var jobLog = JobLog.about(job.id())) {
                        deliver(lease, message, job, dequeuedAt, span, traceId.orElse(null));
                    }
                }
            } finally {
                span.end();
            }
        }
    }

    /** The job the message holds; null when it holds none (then it was dead-lettered and the worker released). */
    private JobMessage decode(WorkerLease lease, Message message, Span span) {
        JobMessage job;
        try {
            job = json.readValue(message.getData(), JobMessage.class);
            if (job.limits() == null || job.files() == null || job.files().isEmpty()) {
                throw new IOException("it has no limits or no files");
            }
        } catch (IOException e) {
            long sequence = message.metaData().streamSequence();
            String id = message.getHeaders() == null ? null : message.getHeaders().getFirst("Nats-Msg-Id");
            LOG.error("dead-lettering undecodable message {} (job {}): {}", sequence, id, e.getMessage());
            Tracing.failed(span, "undecodable message: " + e.getMessage());
            try {
                deadLetters.bury(id == null ? "unknown" : id, sequence, message.getData(),
                        "the job message could not be read: " + e.getMessage(), (int) message.metaData().deliveredCount(),
                        DeadLetterCause.UNDECODABLE);
                message.term();
            } catch (IOException buryFailure) {
                LOG.error("failed to dead-letter message {}, it will be delivered again: {}", sequence,
                        buryFailure.getMessage());
                message.nakWithDelay(RETRY_DELAY);
            }
            lease.release();
            return null;
        }
        return job;
    }

    /** @param traceId the job's trace id, or null without tracing */
    private void deliver(WorkerLease lease, Message message, JobMessage job, Instant dequeuedAt, Span span,
            String traceId) {
        int attempt = (int) message.metaData().deliveredCount();
        metrics.dequeued(job.language(), job.submittedAt(), attempt, dequeuedAt);
        span.setAttribute("fenrir.job.id", job.id());
        span.setAttribute("fenrir.job.language", job.language());
        Instant startedAt = Instant.now();
        AttemptTimeline timeline = new AttemptTimeline(attempt);
        timeline.add(Stage.Name.DEQUEUED, message.metaData().timestamp().toInstant(), dequeuedAt);
        boolean started;
        try {
            // The upsert itself refuses a finished job: no separate read on the way to every run. While
            // PostgreSQL is down it is retried (the message kept ours by in-progress acks), so an outage
            // does not use up the job's deliveries.
            boolean[] marked = new boolean[1];
            tracing.span("mark running", SpanKind.CLIENT, Tracing.POSTGRES, () -> Retry.withBackoff(
                    "mark job " + job.id() + " RUNNING", persistBudget, message::inProgress,
                    () -> marked[0] = jobs.markRunning(job, attempt, startedAt, traceId)));
            started = marked[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            message.nakWithDelay(redeliveryDelay(attempt));
            lease.release();
            return;
        } catch (Exception e) {
            LOG.warn("failed to start job {} (delivery {}), it will be delivered again: {}", job.id(), attempt, e.getMessage());
            Tracing.failed(span, "failed to start: " + e.getMessage());
            message.nakWithDelay(redeliveryDelay(attempt));
            lease.release();
            return;
        }
        if (!started) {
            LOG.info("job {} already finished; acknowledging delivery {} without running it", job.id(), attempt);
            span.setAttribute("fenrir.job.already_finished", true);
            try {
                tracing.span("ack", SpanKind.CLIENT, Tracing.NATS, () -> message.ackSync(ACK_TIMEOUT));
            } catch (Exception e) {
                // Delivered again later, and acknowledged then: the job stays finished.
                LOG.warn("failed to acknowledge finished job {}: {}", job.id(), e.getMessage());
            }
            lease.release();
            return;
        }
        timeline.add(Stage.Name.WORKER_ASSIGNED, dequeuedAt, Instant.now());
        // Closing the lease retires the worker unless the agent's Run ended and gave it back.
        attempt(lease, message, job, attempt, startedAt, timeline, span, traceId);
    }

    private void attempt(WorkerLease lease, Message message, JobMessage job, int attempt, Instant startedAt,
            AttemptTimeline timeline, Span span, String traceId) {
        Worker worker = lease.worker();
        Outcome outcome;
        Execution.Result result = null;
        try (Heartbeat.Beat beat = heartbeat.start(message, job.id())) {
            result = execution.run(worker, job);
            // The worker is free as soon as its agent is done; the job's storage does not need it.
            lease.ranJob(result.notReusableBecause());
            timeline.addSteps(result.spans());
            outcome = completed(result, attempt, startedAt);
            StepReport.record(metrics, job.language(), outcome.verdict(), result.steps());
        } catch (JobCancelledException e) {
            // The API recorded CANCELLED before telling us; this write only repeats it where it is missing.
            outcome = Outcome.cancelled(attempt, startedAt);
        } catch (RuntimeException e) {
            if (attempt < maxDeliver) {
                LOG.warn("job {} attempt {} failed on worker {}, it will be delivered again: {}", job.id(), attempt,
                        worker.id(), e.getMessage());
                Tracing.failed(span, "attempt failed, delivered again: " + e.getMessage());
                message.nakWithDelay(redeliveryDelay(attempt));
                recordStages(job, timeline);
                return;
            }
            outcome = Outcome.failed(attempt, "failed to run job on worker " + worker.id() + " (attempt " + attempt
                    + " of " + maxDeliver + "): " + e.getMessage(), startedAt);
        }
        Instant ranUntil = Instant.now();
        try {
            if (result != null) {
                Execution.Result output = result;
                tracing.span("store output", SpanKind.CLIENT, Tracing.S3, () -> Retry.withBackoff(
                        "store output of job " + job.id(), persistBudget, message::inProgress, () -> {
                            // The API stores the sources in the background; if it died first, the message is
                            // their last copy, and it is gone once acknowledged.
                            for (SourceFile file : job.files()) {
                                blobs.put(JobNames.sourceKey(job.id(), file.name()), file.content());
                            }
                            // An empty stream is not stored: the API serves a COMPLETED job's missing output as empty.
                            putUnlessEmpty(JobNames.stdoutKey(job.id()), output.stdout());
                            putUnlessEmpty(JobNames.stderrKey(job.id()), output.stderr());
                            putUnlessEmpty(JobNames.compileOutputKey(job.id()), output.compileOutput());
                        }));
            }
            Outcome terminal = outcome;
            span.setAttribute("fenrir.job.status", terminal.status().name());
            if (terminal.verdict() != null) {
                span.setAttribute("fenrir.job.verdict", terminal.verdict().name());
            }
            tracing.span("record result", SpanKind.CLIENT, Tracing.POSTGRES, () -> Retry.withBackoff(
                    "record result of job " + job.id(), persistBudget, message::inProgress, () -> {
                        jobs.finish(job, terminal, traceId);
                        timeline.add(Stage.Name.OUTPUT_STORED, ranUntil, Instant.now());
                        jobs.recordStages(job.id(), timeline.stages());
                    }));
            if (terminal.status() == JobStatus.FAILED) {
                Tracing.failed(span, terminal.error());
                tracing.span("dead-letter", SpanKind.PRODUCER, Tracing.NATS, () -> Retry.withBackoff(
                        "dead-letter job " + job.id(), persistBudget, message::inProgress,
                        () -> deadLetters.bury(job.id(), message.metaData().streamSequence(), message.getData(),
                                terminal.error(), attempt, DeadLetterCause.ATTEMPTS_FAILED)));
            }
            Instant storedAt = Instant.now();
            tracing.span("ack", SpanKind.CLIENT, Tracing.NATS, () -> message.ackSync(ACK_TIMEOUT));
            Instant ackedAt = Instant.now();
            metrics.finished(job.language(), terminal.status(), terminal.verdict(), job.submittedAt(),
                    terminal.finishedAt());
            LOG.info("job {} {} {} in {} ms (attempt {})", job.id(), outcome.status(),
                    outcome.verdict() == null ? outcome.error() : outcome.verdict(),
                    Duration.between(startedAt, outcome.finishedAt()).toMillis(), attempt);
            AttemptTimeline acked = new AttemptTimeline(attempt);
            acked.add(Stage.Name.ACKED, storedAt, ackedAt);
            recordStages(job, acked);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Not acknowledged: JetStream delivers it again and the next attempt finishes the job.
            LOG.error("failed to persist job {}; leaving it to be delivered again: {}", job.id(), e.getMessage());
            Tracing.failed(span, "failed to persist, delivered again: " + e.getMessage());
            message.nakWithDelay(redeliveryDelay(attempt));
        }
    }

    private void putUnlessEmpty(String key, byte[] content) throws Exception {
        if (content.length > 0) {
            blobs.put(key, content);
        }
    }

    /** Best effort: a timeline with a stage missing is better than a job held for it. */
    private void recordStages(JobMessage job, AttemptTimeline timeline) {
        try {
            jobs.recordStages(job.id(), timeline.stages());
        } catch (SQLException e) {
            LOG.debug("failed to record stages of job {}: {}", job.id(), e.getMessage());
        }
    }

    private static Outcome completed(Execution.Result result, int attempt, Instant startedAt) {
        var last = result.last();
        return new Outcome(JobStatus.COMPLETED, Verdicts.of(last), attempt, last.getExitCode(),
                last.getSignal(), last.getWallMs(), last.getCpuMs(), last.getMemoryPeakBytes() / 1024,
                last.getStdoutTruncated(), last.getStderrTruncated(), null, startedAt, Instant.now());
    }

    /**
     * How long JetStream waits before delivering a job again after its attempt {@code attempt} failed:
     * 2 s, doubling with each attempt up to a minute, so a worker or store that keeps failing is not
     * hammered and a brief outage does not use up a job's deliveries at once.
     */
    static Duration redeliveryDelay(int attempt) {
        Duration delay = RETRY_DELAY.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 10));
        return delay.compareTo(MAX_REDELIVERY_DELAY) > 0 ? MAX_REDELIVERY_DELAY : delay;
    }
}
