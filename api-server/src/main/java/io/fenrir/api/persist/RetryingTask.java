package io.fenrir.api.persist;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Runs one write, and on failure schedules it again with exponential backoff, up to a number of attempts. */
final class RetryingTask implements Runnable {
    private static final Logger LOG = Logger.getLogger(RetryingTask.class);

    interface Write {
        void run() throws Exception;
    }

    private final String what;
    private final Write write;
    private final Runnable onSuccess;
    private final ScheduledExecutorService executor;
    private final int maxAttempts;
    private final Duration maxBackoff;
    private Duration backoff;
    private int attempt;

    RetryingTask(String what, Write write, Runnable onSuccess, ScheduledExecutorService executor, int maxAttempts,
            Duration initialBackoff, Duration maxBackoff) {
        this.what = what;
        this.write = write;
        this.onSuccess = onSuccess;
        this.executor = executor;
        this.maxAttempts = maxAttempts;
        this.backoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public void run() {
        attempt++;
        try {
            write.run();
            onSuccess.run();
        } catch (Exception e) {
            if (attempt >= maxAttempts) {
                LOG.errorf("failed to %s after %d attempts, giving up: %s", what, attempt, e.getMessage());
                return;
            }
            LOG.warnf("failed to %s (attempt %d of %d), retrying in %d ms: %s", what, attempt, maxAttempts,
                    backoff.toMillis(), e.getMessage());
            executor.schedule(this, backoff.toMillis(), TimeUnit.MILLISECONDS);
            backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        }
    }
}
