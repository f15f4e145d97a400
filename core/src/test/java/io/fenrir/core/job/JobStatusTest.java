package io.fenrir.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class JobStatusTest {

    @Test
    void everyTransitionIsForwardOnlyExceptANewAttempt() {
        for (JobStatus from : JobStatus.values()) {
            for (JobStatus to : JobStatus.values()) {
                boolean expected = to.rank() > from.rank() || (from == JobStatus.RUNNING && to == JobStatus.RUNNING);
                assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(expected);
            }
        }
    }

    @Test
    void queuedMovesToRunningAndEveryTerminalStatus() {
        assertThat(EnumSet.allOf(JobStatus.class).stream().filter(JobStatus.QUEUED::canMoveTo))
                .containsExactlyInAnyOrder(JobStatus.RUNNING, JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED);
    }

    @Test
    void aTerminalStatusNeverChanges() {
        for (JobStatus terminal : EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED)) {
            assertThat(terminal.isTerminal()).isTrue();
            assertThat(EnumSet.allOf(JobStatus.class).stream().filter(terminal::canMoveTo)).isEmpty();
        }
    }

    @Test
    void onlyAFailedJobMayBeReplayed() {
        for (JobStatus status : JobStatus.values()) {
            assertThat(status.replayable()).as(status.name()).isEqualTo(status == JobStatus.FAILED);
        }
    }
}
