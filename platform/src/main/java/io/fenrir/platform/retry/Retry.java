package io.fenrir.platform.retry;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a step again after each failure, with {@link Backoff}, until it succeeds or its time budget
 * is spent; the calling thread waits in between. A retry is started only when its delay ends within
 * the budget, so the caller regains control by then.
 */
public final class Retry {
    private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

    /** One try of the step. */
    public interface Step {
        void run() throws Exception;
    }

    /** Where the time comes from: {@link System#nanoTime} in production. */
    interface Clock {
        long nanoTime();
    }

    /** How the thread waits between tries: {@link Thread#sleep} in production. */
    interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    private final Backoff backoff;
    private final Duration budget;
    private final Clock clock;
    private final Sleeper sleeper;

    public Retry(Backoff backoff, Duration budget) {
        this(backoff, budget, System::nanoTime, delay -> Thread.sleep(delay.toMillis()));
    }

    Retry(Backoff backoff, Duration budget, Clock clock, Sleeper sleeper) {
        this.backoff = backoff;
        this.budget = budget;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Runs {@code step} until it succeeds or the budget is spent; {@code beforeEachRetry} runs
     * before each retry (e.g. to tell JetStream the message is still being worked on).
     *
     * @param what the step, for the log and the failure: "store output of job 1234"
     * @throws Exception "failed to {@code what}: " the last failure, when the budget does not allow
     *                   another try
     * @throws InterruptedException when interrupted while waiting
     */
    public void run(String what, Runnable beforeEachRetry, Step step) throws Exception {
        long deadline = clock.nanoTime() + budget.toNanos();
        Duration delay = backoff.first();
        while (true) {
            try {
                step.run();
                return;
            } catch (Exception e) {
                if (clock.nanoTime() + delay.toNanos() > deadline) {
                    throw new Exception("failed to " + what + ": " + e.getMessage(), e);
                }
                LOG.warn("failed to {}, retrying in {} ms: {}", what, delay.toMillis(), e.getMessage());
                sleeper.sleep(delay);
                beforeEachRetry.run();
                delay = backoff.after(delay);
            }
        }
    }
}
