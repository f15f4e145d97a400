package io.fenrir.api.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When an accepted job's row write starts, on a real scheduled executor. */
class RowAfterSourcesTest {
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2);
    private final AtomicInteger rows = new AtomicInteger();

    RowAfterSourcesTest() {
        executor.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void theRowStartsOnceEverySourceWasTriedAndOnlyOnce() {
        RowAfterSources row = new RowAfterSources(2, rows::incrementAndGet, executor, Duration.ofSeconds(30));

        row.sourceTried();
        assertThat(rows).as("one source still untried").hasValue(0);
        row.sourceTried();

        assertThat(rows).as("run by the last source's thread").hasValue(1);
        assertThat(executor.getQueue()).as("the deadline is cancelled and removed").isEmpty();
    }

    @Test
    void theRowStartsAfterItsPatienceWhenASourceIsStillBeingTried() {
        long start = System.nanoTime();
        RowAfterSources row = new RowAfterSources(1, rows::incrementAndGet, executor, Duration.ofMillis(200));

        await().atMost(Duration.ofSeconds(5)).until(() -> rows.get() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));

        row.sourceTried();
        executor.shutdown();
        await().atMost(Duration.ofSeconds(5)).until(executor::isTerminated);
        assertThat(rows).as("not started again by the late source").hasValue(1);
    }
}
