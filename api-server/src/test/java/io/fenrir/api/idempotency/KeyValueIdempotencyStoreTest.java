package io.fenrir.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fenrir.api.error.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store through a leader election of its bucket's stream, on a bucket in memory that fails as
 * jnats does against a cluster without a leader. NatsClusterTest (integration-tests) kills a real one.
 */
class KeyValueIdempotencyStoreTest {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /** fenrir.nats.publish-timeout: how long one request may wait out an election. */
    private static final Duration BUDGET = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final IdempotencyKey KEY = IdempotencyKey.parse("key-1").orElseThrow();

    private final ElectingBucket bucket = new ElectingBucket();
    private final KeyValueIdempotencyStore store = new KeyValueIdempotencyStore(bucket, JSON, RETRY_AFTER, BUDGET);
    private final IdempotencyRecord first = record("job-1");
    private final IdempotencyRecord second = record("job-2");

    @BeforeEach
    void anotherRequestTookTheKey() throws Exception {
        bucket.store(KEY.storageKey(), JSON.writeValueAsBytes(first));
    }

    @Test
    void aReadDuringALeaderElectionIsSentAgainUntilALeaderAnswers() {
        bucket.noLeaderForReads(3);
        assertThat(store.reserve(KEY, second)).contains(first);
        assertThat(bucket.creates).hasValue(1);
        assertThat(bucket.gets).hasValue(4);
    }

    @Test
    void aReadThatFindsNoLeaderWithinTheBudgetIsA503WithRetryAfterNotA500() {
        bucket.noLeaderForReads(ElectingBucket.FOREVER);
        long started = System.nanoTime();
        assertThatThrownBy(() -> store.reserve(KEY, second)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.code()).isEqualTo("queue_unavailable");
            assertThat(e.retryAfter()).isEqualTo(RETRY_AFTER);
        });
        // It tried for the budget, a try every 250 ms, and stopped there.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(700),
                BUDGET.plusSeconds(2));
        assertThat(bucket.gets.get()).isBetween(3, 5);
    }

    @Test
    void aWriteDuringALeaderElectionIsSentAgainUntilALeaderAnswers() {
        IdempotencyKey fresh = IdempotencyKey.parse("key-2").orElseThrow();
        bucket.noLeaderForWrites(2);
        assertThat(store.reserve(fresh, second)).isEmpty();
        assertThat(bucket.creates).hasValue(3);
        bucket.noLeaderForWrites(2);
        store.save(fresh, second.queued());
        assertThat(bucket.puts).hasValue(3);
        assertThat(store.reserve(fresh, record("job-3"))).contains(second.queued());
    }

    @Test
    void aWriteThatFindsNoLeaderWithinTheBudgetIsA503WithRetryAfter() {
        bucket.noLeaderForWrites(ElectingBucket.FOREVER);
        assertThatThrownBy(() -> store.reserve(IdempotencyKey.parse("key-2").orElseThrow(), second))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retryAfter()).isEqualTo(RETRY_AFTER);
                });
        assertThat(bucket.creates.get()).isBetween(3, 5);
    }

    private static IdempotencyRecord record(String jobId) {
        return IdempotencyRecord.reserved(jobId, "hash-a", Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}
