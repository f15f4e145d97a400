package io.fenrir.api.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.core.job.JobMessage;
import io.fenrir.platform.metrics.StorageWrites;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The refusal a full backlog gives, before anything is published (no store is touched here). */
class BackgroundPersistenceTest {

    record Settings(Duration initialBackoff, Duration maxBackoff, int maxPending, long maxPendingBytes,
            Duration retryAfter) implements FenrirConfig.Persistence {
    }

    private final BackgroundPersistence persistence = new BackgroundPersistence(null, null,
            new Settings(Duration.ofMillis(100), Duration.ofSeconds(10), 2, Long.MAX_VALUE, Duration.ofSeconds(7)),
            new StorageWrites(new SimpleMeterRegistry()));

    @Test
    void whenTooManyAcceptedJobsWaitForTheirWritesTheNextIsRefusedWithStoreBacklog() {
        assertThat(persistence.reserve(PendingWritesTest.job(1))).isTrue();
        assertThat(persistence.reserve(PendingWritesTest.job(1))).isTrue();
        assertThatThrownBy(() -> persistence.reserve(PendingWritesTest.job(1)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.code()).isEqualTo("store_backlog");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(e.getMessage()).contains("2 accepted jobs");
                });
    }

    @Test
    void aReleasedReservationMakesRoomAndTheJobIsNotPending() {
        JobMessage job = PendingWritesTest.job(1);
        persistence.reserve(job);
        persistence.reserve(PendingWritesTest.job(1));
        persistence.release(job);
        assertThat(persistence.pending(job.id())).isEmpty();
        assertThat(persistence.reserve(PendingWritesTest.job(1))).isTrue();
    }

    @Test
    void theSameJobReservedTwiceIsWrittenOnce() {
        JobMessage job = PendingWritesTest.job(1);
        assertThat(persistence.reserve(job)).isTrue();
        assertThat(persistence.reserve(job)).isFalse();
        assertThat(persistence.pendingJobs()).isEqualTo(1);
    }
}
