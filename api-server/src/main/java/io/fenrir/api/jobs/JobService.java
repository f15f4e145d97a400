package io.fenrir.api.jobs;

import io.fenrir.api.error.ApiException;
import io.fenrir.api.persist.BackgroundPersistence;
import io.fenrir.api.persist.JobEntity;
import io.fenrir.api.persist.LimitsColumn;
import io.fenrir.api.persist.ObjectStore;
import io.fenrir.api.queue.JobPublisher;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobNames;
import io.fenrir.core.job.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;

/** Submitting jobs and reading them back; the REST resource only translates to and from HTTP. */
@ApplicationScoped
public class JobService {
    private final SubmissionValidator validator;
    private final JobPublisher publisher;
    private final BackgroundPersistence persistence;
    private final ObjectStore outputs;
    private final LimitsColumn limits;

    public JobService(SubmissionValidator validator, JobPublisher publisher, BackgroundPersistence persistence,
            ObjectStore outputs, LimitsColumn limits) {
        this.validator = validator;
        this.publisher = publisher;
        this.persistence = persistence;
        this.outputs = outputs;
        this.limits = limits;
    }

    /**
     * Accepts a job: once this returns, JetStream holds it durably, so nothing is lost if this
     * process dies before the background writes to Postgres and S3 finish.
     */
    public JobView submit(SubmitRequest request) {
        JobMessage job = validator.validate(request);
        accept(job);
        return JobView.queued(job);
    }

    /**
     * Room for the background writes first, then the publish: a job refused for either reason was
     * never accepted, and an accepted one always has its writes.
     */
    private void accept(JobMessage job) {
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
            persistence.persistAccepted(job);
        }
    }

    public JobView find(String id) {
        UUID uuid = parseId(id);
        JobEntity row = JobEntity.findById(uuid);
        if (row != null) {
            return JobView.of(row, limits.read(row.limits));
        }
        // Accepted here but not yet in Postgres: the queue has it, so it is QUEUED.
        return persistence.pending(id).map(JobView::queued)
                .orElseThrow(() -> ApiException.notFound("job_not_found", "job " + id + " does not exist"));
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

    private InputStream finishedOutput(String id, String key) {
        JobView job = find(id);
        if (!JobStatus.valueOf(job.status()).isTerminal()) {
            throw ApiException.conflict("job_not_finished", "job " + id + " is " + job.status() + "; output is available once it has finished");
        }
        Optional<InputStream> object = outputs.open(key);
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
