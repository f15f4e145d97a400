package io.fenrir.manager.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobStatus;
import io.fenrir.core.job.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnouncingJobRecordsTest {
    private final InMemoryJobRecords stored = new InMemoryJobRecords();
    /** Each notice with the status the record had when it was sent. */
    private final List<String> notices = new ArrayList<>();
    private final AnnouncingJobRecords records = new AnnouncingJobRecords(stored, new JobNotices() {
        @Override
        public void running(String jobId, int attempt) {
            notices.add(jobId + " attempt " + attempt + " " + statusOf(jobId));
        }

        @Override
        public void finished(String jobId) {
            notices.add(jobId + " " + statusOf(jobId));
        }
    });

    private String statusOf(String jobId) {
        return stored.read(jobId).map(r -> r.status().name()).orElse("none");
    }

    @Test
    void anAttemptThatStartedAndATerminalWriteAreAnnouncedOnceStored() throws Exception {
        JobMessage job = JobRecordsContract.job();
        records.markRunning(job, 1, Instant.now(), null);
        records.recordStages(job.id(), List.of());
        assertThat(notices).containsExactly(job.id() + " attempt 1 RUNNING");

        assertThat(records.finish(job, Outcome.failed(1, "broken", Instant.now()), null)).isTrue();

        assertThat(notices).containsExactly(job.id() + " attempt 1 RUNNING", job.id() + " FAILED");
    }

    @Test
    void anAttemptOfAFinishedJobIsNotAnnounced() throws Exception {
        JobMessage job = JobRecordsContract.job();
        stored.putAsApi(job, JobStatus.CANCELLED);

        assertThat(records.markRunning(job, 2, Instant.now(), null)).isEmpty();

        assertThat(notices).isEmpty();
    }

    @Test
    void aRepeatedTerminalWriteIsAnnouncedAgainSinceTheFirstNoticeMayHaveBeenLost() throws Exception {
        JobMessage job = JobRecordsContract.job();
        stored.putAsApi(job, JobStatus.CANCELLED);

        assertThat(records.finish(job, Outcome.failed(1, "late", Instant.now()), null)).isFalse();

        assertThat(notices).containsExactly(job.id() + " CANCELLED");
    }

    @Test
    void aWriteThatFailedIsNotAnnounced() {
        JobMessage job = JobRecordsContract.job();
        stored.failNextWrites(1);

        assertThatThrownBy(() -> records.finish(job, Outcome.cancelled(1, Instant.now()), null))
                .isInstanceOf(Exception.class);

        assertThat(notices).isEmpty();
    }
}
