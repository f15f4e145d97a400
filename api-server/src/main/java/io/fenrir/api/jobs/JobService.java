package io.fenrir.api.jobs;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.api.idempotency.IdempotencyKey;
import io.fenrir.api.idempotency.IdempotentSubmission;
import io.fenrir.api.idempotency.RequestFingerprint;
import io.fenrir.api.logging.JobLog;
import io.fenrir.api.persist.BackgroundPersistence;
import io.fenrir.api.persist.JobEntity;
import io.fenrir.api.persist.JobRows;
import io.fenrir.api.persist.JobStages;
import io.fenrir.api.persist.LimitsColumn;
import io.fenrir.api.persist.TestsColumn;
import io.fenrir.api.queue.JobPublisher;
import io.fenrir.api.queue.QueuedJobs;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobNames;
import io.fenrir.core.job.JobStatus;
import io.fenrir.platform.s3.ObjectBucket;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Submitting jobs and reading them back; the REST resource only translates to and from HTTP. */
@ApplicationScoped
public class JobService {
    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final SubmissionValidator validator;
    private final JobPublisher publisher;
    private final BackgroundPersistence persistence;
    private final ObjectBucket outputs;
    private final LimitsColumn limits;
    private final TestsColumn tests;
    private final JobRows rows;
    private final Duration retryAfter;
    private final IdempotentSubmission idempotent;
    private final QueuedJobs queued;
    private final JobStages stages;

    public JobService(SubmissionValidator validator, JobPublisher publisher, BackgroundPersistence persistence,
            ObjectBucket outputs, LimitsColumn limits, TestsColumn tests, FenrirConfig config, IdempotentSubmission idempotent,
            QueuedJobs queued, JobStages stages, JobRows rows) {
        this.validator = validator;
        this.publisher = publisher;
        this.persistence = persistence;
        this.outputs = outputs;
        this.limits = limits;
        this.tests = tests;
        this.retryAfter = config.persistence().retryAfter();
        this.idempotent = idempotent;
        this.queued = queued;
        this.stages = stages;
        this.rows = rows;
    }

    /** The answer to a POST /jobs: the job, and whether an earlier request with its key created it. */
    public record Submitted(JobView job, boolean replayed) {
    }

    /**
     * Accepts a job: once this returns, JetStream holds it durably, so nothing is lost if this
     * process dies before the background writes to Postgres and S3 finish.
     *
     * @param idempotencyKey the Idempotency-Key header, or null: the same key with the same request
     *                       gives the same job (see {@link IdempotentSubmission})
     */
    public Submitted submit(SubmitRequest request, String idempotencyKey) {
        Optional<IdempotencyKey> key = IdempotencyKey.parse(idempotencyKey);
        JobMessage job = validator.validate(request);
        if (key.isEmpty()) {
            accept(job);
            return new Submitted(JobView.queued(job), false);
        }
        IdempotentSubmission.Outcome outcome = idempotent.submit(key.get(), RequestFingerprint.of(request), job,
                this::accept);
        return new Submitted(JobView.queued(outcome.job()), outcome.replayed());
    }

    /**
     * Room for the background writes first, then the publish: a job refused for either reason was
     * never accepted, and an accepted one always has its writes.
     */
    private void accept(JobMessage job) {
        JobLog.put(job.id());
        try {
            boolean reserved = persistence.reserve(job);
            try {
                publisher.publish(job);
            } catch (RuntimeException e) {
                if (reserved) {
                    persistence.release(job);
                }
                throw e;
            }
            if (reserved) {
                persistence.persistAccepted(job, Instant.now(), traceId());
            }
        } finally {
            JobLog.clear();
        }
    }

    /** The trace of the request that accepted the job, which the job's handling continues; null untraced. */
    private static String traceId() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }

    /**
     * The job from PostgreSQL or, for a job whose row is not written yet (the store may be down, or
     * the instance that accepted it died first), from this instance's memory or the queue: then it is
     * QUEUED. A job that got a 202 is never a 404.
     *
     * @throws ApiException 404 job_not_found; 503 store_unavailable when PostgreSQL cannot be read
     *                      and the job is not known otherwise
     */
    public JobView find(String id) {
        UUID uuid = parseId(id);
        JobEntity row;
        try {
            row = JobEntity.findById(uuid);
        } catch (PersistenceException e) {
            LOG.debugf("failed to read job %s: %s", id, e.getMessage());
            return notYetStored(id).orElseThrow(() -> ApiException.unavailable("store_unavailable",
                    "the job store cannot be read; retry later", retryAfter));
        }
        if (row != null) {
            return JobView.of(row, limits.read(row.limits), tests.read(row.tests));
        }
        Optional<JobView> waiting = notYetStored(id);
        if (waiting.isPresent()) {
            return waiting.get();
        }
        // A manager may have written the row and taken the job off the queue between our two reads.
        try {
            row = JobEntity.findById(uuid);
        } catch (PersistenceException e) {
            throw ApiException.unavailable("store_unavailable", "the job store cannot be read; retry later", retryAfter);
        }
        if (row != null) {
            return JobView.of(row, limits.read(row.limits), tests.read(row.tests));
        }
        if (deleted(id)) {
            throw ApiException.gone("job_deleted", "job " + id + " was deleted");
        }
        throw ApiException.notFound("job_not_found", "job " + id + " does not exist");
    }

    private boolean deleted(String id) {
        try {
            return rows.isDeleted(id);
        } catch (PersistenceException e) {
            throw ApiException.unavailable("store_unavailable", "the job store cannot be read; retry later", retryAfter);
        }
    }

    /** A job accepted but without a row: pending here, or waiting in the queue. */
    private Optional<JobView> notYetStored(String id) {
        Optional<JobMessage> job = persistence.pending(id);
        if (job.isEmpty()) {
            try {
                job = queued.find(id);
            } catch (UncheckedIOException e) {
                LOG.debugf("failed to look for job %s in the queue: %s", id, e.getMessage());
                throw ApiException.unavailable("queue_unavailable", "the job queue cannot be read; retry later",
                        retryAfter);
            }
        }
        return job.map(JobView::queued);
    }

    /**
     * The job's stages. A job without a row yet (only queued) has none; its view says QUEUED.
     *
     * @throws ApiException as {@link #find}; 503 store_unavailable when the stages cannot be read
     */
    public JobTimeline timeline(String id) {
        JobView job = find(id);
        try {
            return JobTimeline.of(job, stages.of(UUID.fromString(job.id())));
        } catch (PersistenceException e) {
            throw ApiException.unavailable("store_unavailable", "the job store cannot be read; retry later", retryAfter);
        }
    }

    public InputStream stdout(String id) {
        return finishedOutput(id, JobNames.stdoutKey(id));
    }

    public InputStream stderr(String id) {
        return finishedOutput(id, JobNames.stderrKey(id));
    }

    public InputStream compileOutput(String id) {
        return finishedOutput(id, JobNames.compileOutputKey(id));
    }

    /**
     * A test's standard output or error ({@code stderr}) once its job has finished.
     *
     * @throws ApiException 404 test_not_found for a job without such a test; as {@link #stdout} otherwise
     */
    public InputStream testOutput(String id, String index, boolean stderr) {
        JobView job = find(id);
        int test;
        try {
            test = Integer.parseInt(index);
        } catch (NumberFormatException e) {
            test = -1;
        }
        if (job.total() == null || test < 0 || test >= job.total()) {
            throw ApiException.notFound("test_not_found", "job " + id + " has no test " + index
                    + (job.total() == null ? "; it has no tests" : "; its tests are 0 to " + (job.total() - 1)));
        }
        return finishedOutput(job, stderr ? JobNames.testStderrKey(id, test) : JobNames.testStdoutKey(id, test));
    }

    private InputStream finishedOutput(String id, String key) {
        return finishedOutput(find(id), key);
    }

    private InputStream finishedOutput(JobView job, String key) {
        String id = job.id();
        if (!JobStatus.valueOf(job.status()).isTerminal()) {
            throw ApiException.conflict("job_not_finished", "job " + id + " is " + job.status() + "; output is available once it has finished");
        }
        Optional<InputStream> object;
        try {
            object = outputs.open(key);
        } catch (UncheckedIOException e) {
            LOG.debugf("failed to read output of job %s: %s", id, e.getMessage());
            throw ApiException.unavailable("store_unavailable", "the object store cannot be read; retry later",
                    retryAfter);
        }
        if (object.isEmpty() && JobStatus.valueOf(job.status()) == JobStatus.COMPLETED) {
            // The manager stores a COMPLETED job's outputs before its row says so, and skips the empty ones.
            return InputStream.nullInputStream();
        }
        return object.orElseThrow(() -> ApiException.notFound("output_not_found", "job " + id + " has no such output"));
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("job_not_found", "job " + id + " does not exist");
        }
    }
}
