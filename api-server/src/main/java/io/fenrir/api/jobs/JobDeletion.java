package io.fenrir.api.jobs;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.api.metrics.DeletedJobs;
import io.fenrir.api.persist.JobRows;
import io.fenrir.core.job.JobNames;
import io.fenrir.core.job.JobStatus;
import io.fenrir.platform.s3.ObjectBucket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * Deletes a finished job: its objects first (sources, outputs, tests' outputs), then its row and stages,
 * leaving a tombstone so that its id answers 410 job_deleted. A deletion cut short by a store that is
 * down is completed by the next try: each part is idempotent.
 */
@ApplicationScoped
public class JobDeletion {
    /** Why a job was deleted: a client asked, or retention. */
    public enum Reason {
        REQUEST, RETENTION
    }

    private final JobService jobs;
    private final JobRows rows;
    private final ObjectBucket objects;
    private final Duration retryAfter;
    private final DeletedJobs deleted;

    public JobDeletion(JobService jobs, JobRows rows, ObjectBucket objects, FenrirConfig config, DeletedJobs deleted) {
        this.jobs = jobs;
        this.rows = rows;
        this.objects = objects;
        this.retryAfter = config.persistence().retryAfter();
        this.deleted = deleted;
    }

    /**
     * DELETE /jobs/{id}.
     *
     * @throws ApiException 404 job_not_found, 410 job_deleted, 409 job_not_finished while it is QUEUED
     *                      or RUNNING, 503 store_unavailable
     */
    public void delete(String id) {
        JobView job = jobs.find(id);
        if (!JobStatus.valueOf(job.status()).isTerminal()) {
            throw ApiException.conflict("job_not_finished", "job " + id + " is " + job.status()
                    + "; only a finished job can be deleted (cancel it first)");
        }
        delete(id, Reason.REQUEST);
    }

    /** Deletes a job known to be finished; retention's way in. */
    public void delete(String id, Reason reason) {
        try {
            objects.deletePrefix(JobNames.objectPrefix(id));
            if (rows.deleteFinished(id)) {
                deleted.count(reason.name().toLowerCase(java.util.Locale.ROOT));
            }
        } catch (UncheckedIOException | PersistenceException e) {
            throw ApiException.unavailable("store_unavailable", "the job could not be deleted now (" + e.getMessage()
                    + "); retry", retryAfter);
        }
    }
}
