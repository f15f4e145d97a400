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
    private final AnnouncingJobRecords records = new AnnouncingJobRecords(stored,
            jobId -> notices.add(jobId + " " + stored.read(jobId).map(r -> r.status().name()).orElse("none")));

    @Test
    void aTerminalWriteIsAnnouncedOnceItIsStored() throws Exception {
        JobMessage job = JobRecordsContract.job();
        records.markRunning(job, 1, Instant.now(), null);
        records.recordStages(job.id(), List.of());
        assertThat(notices).isEmpty();

        assertThat(records.finish(job, Outcome.failed(1, "broken", Instant.now()), null)).isTrue();

        assertThat(notices).containsExactly(job.id() + " FAILED");
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
