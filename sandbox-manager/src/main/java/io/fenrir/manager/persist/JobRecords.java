package io.fenrir.manager.persist;

import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.Outcome;
import io.fenrir.core.job.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The manager's writes to a job's record. Each write creates the record when it is missing (the API
 * may have died before writing it) and obeys {@link io.fenrir.core.job.JobStatus#canMoveTo}: it never
 * moves a job backwards and never overwrites a terminal result, so every write may be repeated.
 * A record's trace id, once set, is kept. Every method throws when the store did not answer
 * (worth retrying). The API's writes (QUEUED, CANCELLED, sources stored) are not here.
 */
public interface JobRecords {

    /**
     * A job marked RUNNING, and whether its record says its sources are in S3 (the API stored them
     * and recorded it; once true, a record keeps it).
     */
    record Running(boolean sourcesStored) {
    }

    /**
     * Records a new attempt of the job as RUNNING. Returns empty when the job had already finished.
     *
     * @param traceId the job's trace id, or null without tracing
     */
    Optional<Running> markRunning(JobMessage job, int attempt, Instant startedAt, String traceId) throws Exception;

    /** Whether the job's record says its sources are in S3 (false when there is no record). A read. */
    boolean sourcesStored(String jobId) throws Exception;

    /**
     * Writes the job's terminal record. Returns false when it had already finished (the first terminal
     * write wins).
     *
     * @param traceId the job's trace id, or null without tracing (a record's own is kept)
     */
    boolean finish(JobMessage job, Outcome outcome, String traceId) throws Exception;

    /** Records stages of the job's timeline; writing one again replaces it. */
    void recordStages(String jobId, List<Stage> stages) throws Exception;
}
