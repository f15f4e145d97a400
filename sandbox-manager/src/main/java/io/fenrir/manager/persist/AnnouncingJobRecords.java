package io.fenrir.manager.persist;

import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.Outcome;
import io.fenrir.core.job.Stage;
import java.time.Instant;
import java.util.List;

/**
 * {@link JobRecords} that announce every terminal write once it is stored, so that a client waiting
 * for the job (GET /jobs/{id}?waitMs=) is answered at once rather than when its wait runs out. Both
 * writers of terminal records, the job runner and the exhausted-deliveries listener, go through it.
 * A write that found the job finished already is announced too: the notice of the first one may have
 * been lost, and a repeated one wakes nobody twice.
 */
public final class AnnouncingJobRecords implements JobRecords {
    private final JobRecords records;
    private final FinishedNotices notices;

    public AnnouncingJobRecords(JobRecords records, FinishedNotices notices) {
        this.records = records;
        this.notices = notices;
    }

    @Override
    public boolean markRunning(JobMessage job, int attempt, Instant startedAt, String traceId) throws Exception {
        return records.markRunning(job, attempt, startedAt, traceId);
    }

    @Override
    public boolean finish(JobMessage job, Outcome outcome, String traceId) throws Exception {
        boolean written = records.finish(job, outcome, traceId);
        notices.announce(job.id());
        return written;
    }

    @Override
    public void recordStages(String jobId, List<Stage> stages) throws Exception {
        records.recordStages(jobId, stages);
    }
}
