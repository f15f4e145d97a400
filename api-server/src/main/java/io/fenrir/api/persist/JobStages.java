package io.fenrir.api.persist;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Reads a job's recorded stages (table job_stages), in the order they happened. */
@ApplicationScoped
public class JobStages {

    /** One row of job_stages; {@code stage} is a {@link io.fenrir.core.job.Stage.Name} wire name. */
    public record Row(String stage, int attempt, Instant startedAt, Instant endedAt) {
    }

    @Transactional
    public List<Row> of(UUID jobId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = JobEntity.getEntityManager().createNativeQuery("""
                SELECT stage, attempt, started_at, ended_at FROM job_stages
                WHERE job_id = ?1 ORDER BY attempt, started_at, ended_at""")
                .setParameter(1, jobId)
                .getResultList();
        return rows.stream().map(r -> new Row((String) r[0], ((Number) r[1]).intValue(), instant(r[2]), instant(r[3])))
                .toList();
    }

    private static Instant instant(Object column) {
        // Which type a native query gives for timestamptz depends on the Hibernate version.
        if (column instanceof Instant instant) {
            return instant;
        }
        if (column instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (column instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + column.getClass());
    }
}
