package io.fenrir.api.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fenrir.api.persist.JobEntity;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobStatus;
import java.time.Instant;

/** A job as clients see it (GET /jobs/{id}). Fields that do not apply yet are omitted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(String id, String language, String status, String verdict, Integer exitCode, Integer signal,
        Long wallMs, Long cpuMs, Boolean stdoutTruncated, Boolean stderrTruncated, String error, Integer attempts,
        Instant submittedAt, Instant startedAt, Instant finishedAt) {

    static JobView queued(JobMessage job) {
        return new JobView(job.id(), job.language(), JobStatus.QUEUED.name(), null, null, null, null, null, null, null,
                null, 0, job.submittedAt(), null, null);
    }

    static JobView of(JobEntity row) {
        return new JobView(row.id.toString(), row.language, row.status, row.verdict, row.exitCode, row.signal,
                row.wallMs, row.cpuMs, row.stdoutTruncated, row.stderrTruncated, row.error, row.attempts,
                row.submittedAt, row.startedAt, row.finishedAt);
    }
}
