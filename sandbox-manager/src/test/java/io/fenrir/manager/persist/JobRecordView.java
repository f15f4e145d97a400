package io.fenrir.manager.persist;

import io.fenrir.core.job.JobStatus;
import io.fenrir.core.job.Verdict;

/** A job's record as a test reads it back from a {@link JobRecords}' store. */
public record JobRecordView(String id, JobStatus status, Verdict verdict, int attempts, Integer exitCode, String error,
        String traceId) {
}
