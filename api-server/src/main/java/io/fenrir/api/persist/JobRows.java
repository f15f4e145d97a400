package io.fenrir.api.persist;

import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;

/** Writes the API's part of a job row. */
@ApplicationScoped
public class JobRows {
    private final LimitsColumn limits;

    public JobRows(LimitsColumn limits) {
        this.limits = limits;
    }

    /**
     * Records an accepted job as QUEUED. DO NOTHING on conflict: the manager may already have
     * written the row with a later status, which must not be moved back.
     */
    @Transactional
    public void insertQueued(JobMessage job) {
        JobEntity.getEntityManager().createNativeQuery("""
                INSERT INTO jobs (id, language, status, status_rank, submitted_at, limits)
                VALUES (?1, ?2, ?3, ?4, ?5, CAST(?6 AS jsonb))
                ON CONFLICT (id) DO NOTHING""")
                .setParameter(1, UUID.fromString(job.id()))
                .setParameter(2, job.language())
                .setParameter(3, JobStatus.QUEUED.name())
                .setParameter(4, (short) JobStatus.QUEUED.rank())
                .setParameter(5, job.submittedAt())
                .setParameter(6, limits.write(job.limits()))
                .executeUpdate();
    }
}
