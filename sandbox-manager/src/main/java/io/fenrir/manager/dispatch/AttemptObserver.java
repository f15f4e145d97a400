package io.fenrir.manager.dispatch;

import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobStatus;
import io.fenrir.core.job.Stage;
import io.fenrir.manager.metrics.ManagerMetrics;
import io.fenrir.manager.persist.JobRecords;
import io.fenrir.core.job.Outcome;
import io.fenrir.manager.pool.Worker;
import io.fenrir.manager.trace.Tracing;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Everything that watches one delivery's attempt without steering it: its "job" span and the child
 * span of each {@link Phase}, the logging context (trace id, job id), the manager's metrics, the
 * job's timeline (written best effort: a stage missing is better than a job held for it) and the
 * log line of its end. {@link JobRunner} says what happened; this decides how it is seen.
 */
final class AttemptObserver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    /** The MDC key of the trace id, as the API's (Quarkus OpenTelemetry) logs have it. */
    static final String TRACE_ID = "traceId";

    /** The parts of an attempt that talk to another service, each a child span of the job's. */
    enum Phase {
        MARK_RUNNING("mark running", SpanKind.CLIENT, Tracing.POSTGRES),
        STORE_OUTPUT("store output", SpanKind.CLIENT, Tracing.S3),
        RECORD_RESULT("record result", SpanKind.CLIENT, Tracing.POSTGRES),
        DEAD_LETTER("dead-letter", SpanKind.PRODUCER, Tracing.NATS),
        ACK("ack", SpanKind.CLIENT, Tracing.NATS);

        private final String span;
        private final SpanKind kind;
        private final Attributes attributes;

        Phase(String span, SpanKind kind, Attributes attributes) {
            this.span = span;
            this.kind = kind;
            this.attributes = attributes;
        }
    }

    private final Tracing tracing;
    private final ManagerMetrics metrics;
    private final JobRecords records;
    private final Delivery delivery;
    private final Span span;
    private final Scope scope;
    private final Optional<String> traceId;
    private final MDC.MDCCloseable traceLog;
    private final Instant dequeuedAt = Instant.now();
    private final AttemptTimeline timeline;
    private MDC.MDCCloseable jobLog;
    private JobMessage job;

    AttemptObserver(Tracing tracing, ManagerMetrics metrics, JobRecords records, Delivery delivery, Worker worker) {
        this.tracing = tracing;
        this.metrics = metrics;
        this.records = records;
        this.delivery = delivery;
        this.timeline = new AttemptTimeline(delivery.attempt());
        this.span = tracing.startJob(delivery.headers(), delivery.subject(), delivery.attempt(), worker.id(),
                worker.creation());
        this.scope = span.makeCurrent();
        this.traceId = Tracing.traceIdOf(span);
        this.traceLog = traceId.map(id -> MDC.putCloseable(TRACE_ID, id)).orElse(null);
    }

    /** The job's trace id, or null without tracing. */
    String traceId() {
        return traceId.orElse(null);
    }

    /** Runs {@code work} as {@code phase} of the attempt. */
    void phase(Phase phase, Tracing.Step work) throws Exception {
        tracing.span(phase.span, phase.kind, phase.attributes, work);
    }

    void undecodable(String reason) {
        Tracing.failed(span, "undecodable message: " + reason);
    }

    void dequeued(JobMessage job) {
        this.job = job;
        this.jobLog = JobLog.about(job.id());
        metrics.dequeued(job.language(), job.submittedAt(), delivery.attempt(), dequeuedAt);
        span.setAttribute("fenrir.job.id", job.id());
        span.setAttribute("fenrir.job.language", job.language());
        timeline.add(Stage.Name.DEQUEUED, delivery.publishedAt(), dequeuedAt);
    }

    void alreadyFinished() {
        LOG.info("job {} already finished; acknowledging delivery {} without running it", job.id(),
                delivery.attempt());
        span.setAttribute("fenrir.job.already_finished", true);
    }

    void workerAssigned() {
        timeline.add(Stage.Name.WORKER_ASSIGNED, dequeuedAt, Instant.now());
    }

    void ran(JobExecution.Result result, Outcome outcome) {
        timeline.addSteps(result.spans());
        StepReport.record(metrics, job.language(), outcome.verdict(), result.steps());
    }

    /** The attempt failed and the job will be delivered again. */
    void retrying(String reason) {
        LOG.warn("job {} attempt {} failed, it will be delivered again: {}", job.id(), delivery.attempt(), reason);
        Tracing.failed(span, "attempt failed, delivered again: " + reason);
        recordTimeline(timeline);
    }

    /** Something outside the attempt's steps failed (starting it, storing its result). */
    void failed(String reason) {
        Tracing.failed(span, reason);
    }

    /** The job's terminal record is written; its output was stored from {@code ranUntil} until now. */
    void resultRecorded(Outcome outcome, Instant ranUntil) {
        span.setAttribute("fenrir.job.status", outcome.status().name());
        if (outcome.verdict() != null) {
            span.setAttribute("fenrir.job.verdict", outcome.verdict().name());
        }
        if (outcome.status() == JobStatus.FAILED) {
            Tracing.failed(span, outcome.error());
        }
        timeline.add(Stage.Name.OUTPUT_STORED, ranUntil, Instant.now());
        recordTimeline(timeline);
    }

    void acked(Outcome outcome, Instant storedAt, Instant ackedAt) {
        metrics.finished(job.language(), outcome.status(), outcome.verdict(), job.submittedAt(), outcome.finishedAt());
        LOG.info("job {} {} {} in {} ms (attempt {})", job.id(), outcome.status(),
                outcome.verdict() == null ? outcome.error() : outcome.verdict(),
                Duration.between(outcome.startedAt(), outcome.finishedAt()).toMillis(),
                delivery.attempt());
        AttemptTimeline acked = new AttemptTimeline(delivery.attempt());
        acked.add(Stage.Name.ACKED, storedAt, ackedAt);
        recordTimeline(acked);
    }

    private void recordTimeline(AttemptTimeline stages) {
        try {
            records.recordStages(job.id(), stages.stages());
        } catch (Exception e) {
            LOG.debug("failed to record stages of job {}: {}", job.id(), e.getMessage());
        }
    }

    @Override
    public void close() {
        if (jobLog != null) {
            jobLog.close();
        }
        if (traceLog != null) {
            traceLog.close();
        }
        scope.close();
        span.end();
    }
}
