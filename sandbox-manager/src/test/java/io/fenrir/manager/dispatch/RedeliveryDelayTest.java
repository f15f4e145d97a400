package io.fenrir.manager.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedeliveryDelayTest {

    @Test
    void theDelayDoublesWithEachFailedAttemptUpToAMinute() {
        assertThat(JobRunner.redeliveryDelay(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(JobRunner.redeliveryDelay(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(JobRunner.redeliveryDelay(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(JobRunner.redeliveryDelay(6)).isEqualTo(Duration.ofMinutes(1));
        assertThat(JobRunner.redeliveryDelay(1_000)).isEqualTo(Duration.ofMinutes(1));
    }
}
