package io.fenrir.manager.dispatch;

import java.time.Duration;

/**
 * The queue of jobs to run, delivered at least once: a delivery not answered within the queue's ack
 * wait (and not kept by {@link Delivery#inProgress}) is delivered again, a message given back with
 * {@link Delivery#retryAfter} comes again after its delay, and no message is delivered more than the
 * queue's maximum number of times.
 */
public interface WorkQueue {

    /** The next delivery, or null when none came within {@code wait}. */
    Delivery next(Duration wait) throws InterruptedException;
}
