package io.fenrir.api.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fenrir.platform.retry.Backoff;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryingTaskTest {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aWriteIsRetriedUntilItSucceedsThenItsSuccessRunsOnce() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger successes = new AtomicInteger();
        RetryingTask task = new RetryingTask("job-1", "write", () -> {
            if (attempts.incrementAndGet() < 30) {
                throw new IllegalStateException("store down");
            }
        }, successes::incrementAndGet, executor, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)));
        executor.execute(task);
        await().atMost(Duration.ofSeconds(10)).until(() -> successes.get() == 1);
        assertThat(attempts.get()).isEqualTo(30);
    }

    @Test
    void aStoppingExecutorEndsTheRetriesQuietly() {
        AtomicInteger attempts = new AtomicInteger();
        RetryingTask task = new RetryingTask("job-1", "write", () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("store down");
        }, () -> { }, executor, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)));
        executor.shutdown();
        task.run(); // its retry is refused by the stopped executor; nothing is thrown
        assertThat(attempts.get()).isEqualTo(1);
    }
}
