package io.fenrir.api.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobStreamTest {

    @Test
    void aNewStreamOrAnEmptyOneTakesTheConfiguredLimit() {
        assertThat(JobStream.maxMessages(10_000, -1, 0)).isEqualTo(10_000);
        assertThat(JobStream.maxMessages(3, 10_000, 0)).isEqualTo(3);
    }

    @Test
    void raisingTheLimitIsAlwaysApplied() {
        assertThat(JobStream.maxMessages(20_000, 10_000, 9_999)).isEqualTo(20_000);
    }

    @Test
    void loweringIsAppliedWhenTheStreamHoldsNoMoreThanTheNewLimit() {
        assertThat(JobStream.maxMessages(100, 10_000, 100)).isEqualTo(100);
    }

    @Test
    void loweringBelowWhatTheStreamHoldsKeepsTheOldLimitSoNoQueuedJobIsDeleted() {
        assertThat(JobStream.maxMessages(100, 10_000, 101)).isEqualTo(10_000);
        // An unlimited stream (from before the limit existed) with a long queue stays unlimited for now.
        assertThat(JobStream.maxMessages(100, -1, 5_000)).isEqualTo(-1);
    }
}
