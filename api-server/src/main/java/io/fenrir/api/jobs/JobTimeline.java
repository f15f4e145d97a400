package io.fenrir.api.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fenrir.api.persist.JobStages;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * GET /jobs/{id}/timeline: where a job's time went, stage by stage and attempt by attempt, so that
 * "why did job X take 3 seconds?" is answered without a tracing UI.
 *
 * @param totalMs submitted → finished, once finished
 * @param traceId the job's trace, to open in Tempo, when tracing is on
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobTimeline(String id, String status, Integer attempts, Instant submittedAt, Instant finishedAt,
        Long totalMs, String traceId, List<Entry> stages) {

    /** One stage; attempt 0 is the API's part, before any delivery. */
    public record Entry(String stage, int attempt, Instant startedAt, Instant endedAt, long durationMs) {
    }

    static JobTimeline of(JobView job, List<JobStages.Row> rows) {
        Long total = job.finishedAt() == null ? null : Duration.between(job.submittedAt(), job.finishedAt()).toMillis();
        List<Entry> stages = rows.stream().map(r -> new Entry(r.stage(), r.attempt(), r.startedAt(), r.endedAt(),
                Duration.between(r.startedAt(), r.endedAt()).toMillis())).toList();
        return new JobTimeline(job.id(), job.status(), job.attempts(), job.submittedAt(), job.finishedAt(), total,
                job.traceId(), stages);
    }
}
