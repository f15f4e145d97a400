package io.fenrir.manager.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fenrir.manager.dispatch.AttemptFailure.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {
    private final DeliveryPolicy policy = new DeliveryPolicy(5);

    @Test
    void theDelayDoublesWithEachFailedAttemptUpToAMinute() {
        assertThat(policy.redeliveryDelay(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.redeliveryDelay(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.redeliveryDelay(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(policy.redeliveryDelay(6)).isEqualTo(Duration.ofMinutes(1));
        assertThat(policy.redeliveryDelay(1_000)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aTransientFailureIsRetriedUntilTheLastDelivery() {
        assertThat(policy.retryAfter(Kind.TRANSIENT, 1)).hasValue(Duration.ofSeconds(2));
        assertThat(policy.retryAfter(Kind.TRANSIENT, 4)).hasValue(Duration.ofSeconds(16));
        assertThat(policy.retryAfter(Kind.TRANSIENT, 5)).isEmpty();
    }

    @Test
    void aPermanentFailureIsNeverRetried() {
        assertThat(policy.retryAfter(Kind.PERMANENT, 1)).isEmpty();
    }
}
