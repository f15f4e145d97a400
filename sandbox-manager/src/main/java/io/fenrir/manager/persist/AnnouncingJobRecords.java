package io.fenrir.manager.persist;

import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.Outcome;
import io.fenrir.core.job.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link JobRecords} that announce an attempt that started and every terminal write, once stored: a
 * client following the job (GET /jobs/{id}/events) sees it, and one waiting for it (GET
 * /jobs/{id}?waitMs=) is answered at once rather than when its wait runs out. Both
 * writers of terminal records, the job runner and the exhausted-deliveries listener, go through it.
 * A write that found the job finished already is announced too: the notice of the first one may have
 * been lost, and a repeated one wakes nobody twice.
 */
public final class AnnouncingJobRecords implements JobRecords {
    private final JobRecords records;
    private final JobNotices notices;

    public AnnouncingJobRecords(JobRecords records, JobNotices notices) {
        this.records = records;
        this.notices = notices;
    }

    @Override
    public Optional<Running> markRunning(JobMessage job, int attempt, Instant startedAt, String traceId)
            throws Exception {
        Optional<Running> running = records.markRunning(job, attempt, startedAt, traceId);
        if (running.isPresent()) {
            notices.running(job.id(), attempt);
        }
        return running;
    }

    @Override
    public boolean sourcesStored(String jobId) throws Exception {
        return records.sourcesStored(jobId);
    }

    @Override
    public boolean finish(JobMessage job, Outcome outcome, String traceId) throws Exception {
        boolean written = records.finish(job, outcome, traceId);
        notices.finished(job.id());
        return written;
    }

    @Override
    public void recordStages(String jobId, List<Stage> stages) throws Exception {
        records.recordStages(jobId, stages);
    }
}
