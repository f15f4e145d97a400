package io.fenrir.api.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.JetStreamApiException;
import io.nats.client.api.Error;
import io.nats.client.support.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaderElectionTest {
    private static final Duration BUDGET = Duration.ofSeconds(1);
    private static final String NO_RESPONDERS = "Error Publishing: 503 No Responders Available For Request";
    private static final String TIMEOUT = "Timeout or no response waiting for NATS JetStream server";

    private final AtomicInteger sent = new AtomicInteger();

    @Test
    void aWriteIsSentAgainOnlyAfterNoResponders() throws Exception {
        assertThat(LeaderElection.awaitLeader(BUDGET, failing(2, new IOException(NO_RESPONDERS)))).isEqualTo("stored");
        assertThat(sent).hasValue(3);
        sent.set(0);
        // A write that timed out may have been stored: it is not sent again.
        assertThatThrownBy(() -> LeaderElection.awaitLeader(BUDGET, failing(1, new IOException(TIMEOUT))))
                .hasMessage(TIMEOUT);
        assertThat(sent).hasValue(1);
    }

    @Test
    void aReadIsSentAgainAfterATimeoutOrAnUnavailableAnswer() throws Exception {
        assertThat(LeaderElection.awaitRead(BUDGET, failing(2, new IOException(TIMEOUT)))).isEqualTo("stored");
        assertThat(sent).hasValue(3);
        sent.set(0);
        assertThat(LeaderElection.awaitRead(BUDGET, failing(1, answer(503, "No Responders Available For Request"))))
                .isEqualTo("stored");
        assertThat(sent).hasValue(2);
    }

    @Test
    void aReadRefusedForAnotherReasonIsNotSentAgain() {
        JetStreamApiException badRequest = answer(400, "bad request");
        assertThatThrownBy(() -> LeaderElection.awaitRead(BUDGET, failing(1, badRequest))).isSameAs(badRequest);
        assertThat(sent).hasValue(1);
    }

    @Test
    void theLastFailureStandsOnceTheBudgetIsSpent() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> LeaderElection.awaitRead(BUDGET, failing(Integer.MAX_VALUE, new IOException(TIMEOUT))))
                .hasMessage(TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(700),
                BUDGET.plusSeconds(2));
        assertThat(sent.get()).isBetween(3, 5);
    }

    /** A request that fails {@code times} times with {@code failure}, then answers "stored". */
    private LeaderElection.Request<String> failing(int times, Exception failure) {
        return () -> {
            if (sent.incrementAndGet() <= times) {
                if (failure instanceof IOException io) {
                    throw io;
                }
                throw (JetStreamApiException) failure;
            }
            return "stored";
        };
    }

    /** A JetStream answer with this status, as jnats makes one from a status reply. */
    private static JetStreamApiException answer(int status, String message) {
        return new JetStreamApiException(Error.convert(new Status(status, message)));
    }
}
