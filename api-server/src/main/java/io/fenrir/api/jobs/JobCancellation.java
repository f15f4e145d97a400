package io.fenrir.api.jobs;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.api.persist.BackgroundPersistence;
import io.fenrir.api.persist.JobRows;
import io.fenrir.api.queue.CancelNotices;
import io.fenrir.core.job.JobMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * POST /jobs/{id}/cancel. The job's row becomes CANCELLED first (a terminal status, so a queued job
 * is acknowledged without running when a manager pulls it, and a running job's result cannot
 * overwrite it), then the managers are told, and the one running it kills it.
 */
@ApplicationScoped
public class JobCancellation {
    private final JobService jobs;
    private final JobRows rows;
    private final BackgroundPersistence persistence;
    private final CancelNotices notices;

    private final Duration storeRetryAfter;

    public JobCancellation(JobService jobs, JobRows rows, BackgroundPersistence persistence, CancelNotices notices,
            FenrirConfig config) {
        this.storeRetryAfter = config.persistence().retryAfter();
        this.jobs = jobs;
        this.rows = rows;
        this.persistence = persistence;
        this.notices = notices;
    }

    /** Cancels job {@code id}; 404 if unknown, 409 job_finished if it had already finished. */
    public JobView cancel(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("job_not_found", "job " + id + " does not exist");
        }
        Optional<JobMessage> pending = persistence.pending(id);
        boolean cancelled;
        try {
            cancelled = pending.isPresent() ? rows.cancel(pending.get()) : rows.cancel(uuid);
        } catch (PersistenceException e) {
            throw ApiException.unavailable("store_unavailable", "the job store is unavailable; retry the cancellation",
                    storeRetryAfter);
        }
        // Read only after the write: the request's session would otherwise answer with the row it read before.
        JobView job = jobs.find(id);
        if (!cancelled) {
            throw ApiException.conflict("job_finished", "job " + id + " is " + job.status()
                    + "; only a QUEUED or RUNNING job can be cancelled");
        }
        notices.announce(id);
        return job;
    }
}
