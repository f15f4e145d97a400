package io.fenrir.manager.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WorkQueue} must do, run against the in-memory one and against JetStream. A
 * subclass's queue has an ack wait of {@link #ACK_WAIT} and at most {@link #MAX_DELIVER} deliveries.
 */
public abstract class WorkQueueContract {
    protected static final Duration ACK_WAIT = Duration.ofSeconds(2);
    protected static final int MAX_DELIVER = 3;
    /** Long enough for anything due to come: past the ack wait. */
    private static final Duration PATIENCE = ACK_WAIT.plusSeconds(1);

    protected abstract WorkQueue queue();

    protected abstract void publish(String messageId, byte[] body) throws Exception;

    @Test
    void aDeliveryCarriesWhatWasPublished() throws Exception {
        publish("job-1", bytes("hello"));

        Delivery delivery = queue().next(PATIENCE);

        assertThat(delivery).isNotNull();
        assertThat(new String(delivery.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(delivery.messageId()).isEqualTo("job-1");
        assertThat(delivery.attempt()).isEqualTo(1);
        assertThat(delivery.publishedAt()).isNotNull();
        delivery.ack();
    }

    @Test
    void anAcknowledgedMessageIsNotDeliveredAgain() throws Exception {
        publish("job-1", bytes("x"));
        queue().next(PATIENCE).ack();

        assertThat(queue().next(PATIENCE)).isNull();
    }

    @Test
    void aMessageGivenBackComesAgainAfterItsDelayAsTheNextAttempt() throws Exception {
        publish("job-1", bytes("x"));
        Delivery first = queue().next(PATIENCE);
        long givenBack = System.nanoTime();

        first.retryAfter(Duration.ofMillis(300));
        Delivery second = queue().next(PATIENCE);

        assertThat(second).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - givenBack)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.sequence()).isEqualTo(first.sequence());
        second.ack();
    }

    @Test
    void aDeliveryNotAnsweredWithinTheAckWaitComesAgain() throws Exception {
        publish("job-1", bytes("x"));
        Delivery first = queue().next(PATIENCE);

        Delivery again = queue().next(PATIENCE.multipliedBy(2));

        assertThat(again).isNotNull();
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(again.sequence()).isEqualTo(first.sequence());
        again.ack();
    }

    @Test
    void inProgressAcksKeepADeliveryFromComingAgain() throws Exception {
        publish("job-1", bytes("x"));
        Delivery held = queue().next(PATIENCE);

        long until = System.nanoTime() + ACK_WAIT.multipliedBy(3).toNanos();
        while (System.nanoTime() < until) {
            held.inProgress();
            assertThat(queue().next(WorkQueue.MIN_WAIT)).isNull();
        }
        held.ack();
    }

    @Test
    void aWaitUnderTheMinimumIsRefused() {
        assertThatThrownBy(() -> queue().next(WorkQueue.MIN_WAIT.minusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTerminatedMessageIsNeverDeliveredAgain() throws Exception {
        publish("job-1", bytes("x"));
        queue().next(PATIENCE).term();

        assertThat(queue().next(PATIENCE)).isNull();
    }

    @Test
    void aMessageIsDeliveredAtMostMaxDeliverTimes() throws Exception {
        publish("job-1", bytes("x"));
        for (int attempt = 1; attempt <= MAX_DELIVER; attempt++) {
            Delivery delivery = queue().next(PATIENCE);
            assertThat(delivery).as("delivery " + attempt).isNotNull();
            assertThat(delivery.attempt()).isEqualTo(attempt);
            delivery.retryAfter(Duration.ofMillis(50));
        }

        assertThat(queue().next(PATIENCE)).isNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
