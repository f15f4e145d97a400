package io.fenrir.platform.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Backoff and budget on a manual clock: each wait moves the clock on by exactly its delay. */
class RetryTest {
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    private long now;
    private final List<Duration> waits = new ArrayList<>();
    private final AtomicInteger tries = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();

    private Retry within(Duration budget) {
        return new Retry(BACKOFF, budget, () -> now, delay -> {
            waits.add(delay);
            now += delay.toNanos();
        });
    }

    @Test
    void aStepThatSucceedsAtOnceNeitherWaitsNorRetries() throws Exception {
        within(Duration.ofMinutes(2)).run("write", retries::incrementAndGet, tries::incrementAndGet);
        assertThat(tries).hasValue(1);
        assertThat(waits).isEmpty();
        assertThat(retries).hasValue(0);
    }

    @Test
    void aFailingStepIsTriedAgainAfterDoublingDelaysUntilItSucceeds() throws Exception {
        within(Duration.ofMinutes(2)).run("write", retries::incrementAndGet, () -> {
            if (tries.incrementAndGet() < 4) {
                throw new IllegalStateException("store down");
            }
        });
        assertThat(tries).hasValue(4);
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(retries).as("the hook runs before each retry").hasValue(3);
    }

    @Test
    void theDelayStopsGrowingAtTheBackoffsMaximum() throws Exception {
        within(Duration.ofMinutes(2)).run("write", () -> { }, () -> {
            if (tries.incrementAndGet() < 10) {
                throw new IllegalStateException("store down");
            }
        });
        assertThat(waits).endsWith(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThat(waits).allMatch(delay -> delay.compareTo(Duration.ofSeconds(5)) <= 0);
    }

    @Test
    void noRetryStartsPastTheBudgetAndTheLastFailureIsTold() {
        IllegalStateException down = new IllegalStateException("store down");
        assertThatThrownBy(() -> within(Duration.ofSeconds(1)).run("store output of job 7", retries::incrementAndGet,
                () -> {
                    tries.incrementAndGet();
                    throw down;
                }))
                .hasMessage("failed to store output of job 7: store down")
                .hasCause(down);
        // 100 + 200 + 400 ms waited; a wait of 800 ms more would end past the 1 s budget.
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(tries).hasValue(4);
        assertThat(Duration.ofNanos(now)).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aBackoffNeedsAPositiveFirstDelayNoLongerThanItsMaximum() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(BACKOFF.after(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(5));
    }
}
