package io.fenrir.manager.dispatch;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Retries a persistence step with exponential backoff within a time budget. */
final class Retry {
    private static final Logger LOG = LoggerFactory.getLogger(Retry.class);
    private static final Duration FIRST_DELAY = Duration.ofMillis(100);
    private static final Duration MAX_DELAY = Duration.ofSeconds(5);

    interface Step {
        void run() throws Exception;
    }

    private Retry() {
    }

    /**
     * Runs {@code step} until it succeeds or {@code budget} is spent; {@code beforeEachRetry} runs
     * before each retry (the caller uses it to tell JetStream the job is still in progress).
     */
    static void withBackoff(String what, Duration budget, Runnable beforeEachRetry, Step step) throws Exception {
        long deadline = System.nanoTime() + budget.toNanos();
        Duration delay = FIRST_DELAY;
        while (true) {
            try {
                step.run();
                return;
            } catch (Exception e) {
                if (System.nanoTime() + delay.toNanos() > deadline) {
                    throw new Exception("failed to " + what + ": " + e.getMessage(), e);
                }
                LOG.warn("failed to {}, retrying in {} ms: {}", what, delay.toMillis(), e.getMessage());
                Thread.sleep(delay.toMillis());
                beforeEachRetry.run();
                delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
            }
        }
    }
}
