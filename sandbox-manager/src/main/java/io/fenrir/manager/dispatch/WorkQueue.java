package io.fenrir.manager.dispatch;

import java.time.Duration;

/**
 * The queue of jobs to run, delivered at least once: a delivery not answered within the queue's ack
 * wait (and not kept by {@link Delivery#inProgress}) is delivered again, a message given back with
 * {@link Delivery#retryAfter} comes again after its delay, and no message is delivered more than the
 * queue's maximum number of times.
 */
public interface WorkQueue {
    /** The shortest wait a pull may ask for: JetStream refuses a shorter one. */
    Duration MIN_WAIT = Duration.ofSeconds(1);

    /**
     * The next delivery, or null when none came within {@code wait}.
     *
     * @throws IllegalArgumentException when {@code wait} is shorter than {@link #MIN_WAIT}
     */
    Delivery next(Duration wait) throws InterruptedException;
}
