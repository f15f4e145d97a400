package io.fenrir.api.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fenrir.api.persist.JobEntity;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobStatus;
import io.fenrir.core.job.Limits;
import java.time.Instant;
import java.util.List;

/**
 * A job as clients see it (GET /jobs/{id}). Fields that do not apply yet are omitted.
 *
 * @param memoryPeakKb the run step's peak memory use, once the sandbox measured it
 * @param limits       the run step's resolved limits: the request's, and the defaults for the rest
 * @param traceId      the job's trace (OpenTelemetry) once its row is written, when tracing is on
 * @param total        a job with tests: how many it has
 * @param passed       and how many passed, once it has finished
 * @param tests        and each one's result, once it has finished
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(String id, String language, String status, String verdict, Integer exitCode, Integer signal,
        Long wallMs, Long cpuMs, Long memoryPeakKb, Boolean stdoutTruncated, Boolean stderrTruncated, String error,
        Integer attempts, Limits limits, Instant submittedAt, Instant startedAt, Instant finishedAt, String traceId,
        Integer total, Integer passed, List<TestView> tests) {

    static JobView queued(JobMessage job) {
        return new JobView(job.id(), job.language(), JobStatus.QUEUED.name(), null, null, null, null, null, null, null,
                null, null, 0, job.limits(), job.submittedAt(), null, null, null,
                job.hasTests() ? job.tests().cases().size() : null, null, null);
    }

    /** @param limits the row's limits column, decoded; {@code tests} its tests column */
    static JobView of(JobEntity row, Limits limits, List<TestView> tests) {
        return new JobView(row.id.toString(), row.language, row.status, row.verdict, row.exitCode, row.signal,
                row.wallMs, row.cpuMs, row.memoryPeakKb, row.stdoutTruncated, row.stderrTruncated, row.error,
                row.attempts, limits, row.submittedAt, row.startedAt, row.finishedAt, row.traceId, row.testsTotal,
                row.testsPassed, tests);
    }
}
