package io.fenrir.api.persist;

import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobStatus;
import io.fenrir.core.job.Stage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/** Writes the API's part of a job row. */
@ApplicationScoped
public class JobRows {
    private final LimitsColumn limits;

    public JobRows(LimitsColumn limits) {
        this.limits = limits;
    }

    /**
     * Records an accepted job as QUEUED, with its first stages (accepted, persisted). DO NOTHING on
     * conflict: the manager may already have written the row with a later status, which must not
     * be moved back (and the same trace id).
     *
     * @param publishedAt when JetStream confirmed it holds the job
     * @param traceId     the job's trace id, or null when tracing is off
     */
    @Transactional
    public void insertQueued(JobMessage job, Instant publishedAt, String traceId) {
        var entities = JobEntity.getEntityManager();
        UUID id = UUID.fromString(job.id());
        entities.createNativeQuery("""
                INSERT INTO jobs (id, language, status, status_rank, submitted_at, limits, trace_id)
                VALUES (?1, ?2, ?3, ?4, ?5, CAST(?6 AS jsonb), CAST(?7 AS text))
                ON CONFLICT (id) DO NOTHING""")
                .setParameter(1, id)
                .setParameter(2, job.language())
                .setParameter(3, JobStatus.QUEUED.name())
                .setParameter(4, (short) JobStatus.QUEUED.rank())
                .setParameter(5, job.submittedAt())
                .setParameter(6, limits.write(job.limits()))
                .setParameter(7, traceId)
                .executeUpdate();
        entities.createNativeQuery("""
                INSERT INTO job_stages (job_id, attempt, stage, started_at, ended_at)
                VALUES (?1, 0, ?2, ?3, ?4), (?1, 0, ?5, ?4, clock_timestamp())
                ON CONFLICT DO NOTHING""")
                .setParameter(1, id)
                .setParameter(2, Stage.Name.ACCEPTED.wire())
                .setParameter(3, job.submittedAt())
                .setParameter(4, publishedAt)
                .setParameter(5, Stage.Name.PERSISTED.wire())
                .executeUpdate();
    }

    /**
     * Moves a FAILED job back to QUEUED for a dead-letter replay (the one backward move, made by an
     * operator; see JobStatus#replayable). A job that is not FAILED (or has no row yet) is left alone.
     */
    @Transactional
    public void requeueFailed(String jobId) {
        JobEntity.getEntityManager().createNativeQuery("""
                UPDATE jobs SET status = ?2, status_rank = ?3, verdict = NULL, error = NULL, finished_at = NULL,
                    updated_at = now()
                WHERE id = ?1 AND status = ?4""")
                .setParameter(1, UUID.fromString(jobId))
                .setParameter(2, JobStatus.QUEUED.name())
                .setParameter(3, (short) JobStatus.QUEUED.rank())
                .setParameter(4, JobStatus.FAILED.name())
                .executeUpdate();
    }

    /** Records the job CANCELLED unless it already finished. Returns false when it had (or has no row). */
    @Transactional
    public boolean cancel(UUID id) {
        return JobEntity.getEntityManager().createNativeQuery("""
                UPDATE jobs SET status = ?2, status_rank = ?3, finished_at = now(), updated_at = now()
                WHERE id = ?1 AND status_rank < ?3""")
                .setParameter(1, id)
                .setParameter(2, JobStatus.CANCELLED.name())
                .setParameter(3, (short) JobStatus.CANCELLED.rank())
                .executeUpdate() == 1;
    }

    /**
     * As {@link #cancel(UUID)} for a job whose QUEUED row may not be written yet: an upsert. Returns
     * false when the job had finished.
     */
    @Transactional
    public boolean cancel(JobMessage job) {
        return JobEntity.getEntityManager().createNativeQuery("""
                INSERT INTO jobs (id, language, status, status_rank, submitted_at, finished_at, limits)
                VALUES (?1, ?2, ?3, ?4, ?5, now(), CAST(?6 AS jsonb))
                ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, status_rank = EXCLUDED.status_rank,
                    finished_at = EXCLUDED.finished_at, updated_at = now()
                WHERE jobs.status_rank < EXCLUDED.status_rank""")
                .setParameter(1, UUID.fromString(job.id()))
                .setParameter(2, job.language())
                .setParameter(3, JobStatus.CANCELLED.name())
                .setParameter(4, (short) JobStatus.CANCELLED.rank())
                .setParameter(5, job.submittedAt())
                .setParameter(6, limits.write(job.limits()))
                .executeUpdate() == 1;
    }
}
