package io.fenrir.api.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamLimitTest {

    @Test
    void aNewStreamOrAnEmptyOneTakesTheConfiguredLimit() {
        assertThat(StreamLimit.toApply(10_000, -1, 0)).isEqualTo(10_000);
        assertThat(StreamLimit.toApply(3, 10_000, 0)).isEqualTo(3);
    }

    @Test
    void raisingTheLimitIsAlwaysApplied() {
        assertThat(StreamLimit.toApply(20_000, 10_000, 9_999)).isEqualTo(20_000);
    }

    @Test
    void loweringIsAppliedWhenTheStreamHoldsNoMoreThanTheNewLimit() {
        assertThat(StreamLimit.toApply(100, 10_000, 100)).isEqualTo(100);
    }

    @Test
    void loweringBelowWhatTheStreamHoldsKeepsTheOldLimitSoNoQueuedJobIsDeleted() {
        assertThat(StreamLimit.toApply(100, 10_000, 101)).isEqualTo(10_000);
        // An unlimited stream (from before the limit existed) with a long queue stays unlimited for now.
        assertThat(StreamLimit.toApply(100, -1, 5_000)).isEqualTo(-1);
    }
}
