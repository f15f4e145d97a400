package io.fenrir.api.persist;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts an accepted job's row write once the first try of each of its source puts is over, or once
 * {@code patience} has passed, whichever comes first, exactly once. A row written after its sources
 * says they are stored, so the manager does not store them again; S3 slow or down delays the row by at
 * most {@code patience}, and its later retries do not delay it at all.
 */
final class RowAfterSources {
    private final AtomicInteger untried;
    private final AtomicBoolean started = new AtomicBoolean();
    private final Runnable row;
    private final ScheduledFuture<?> deadline;

    /**
     * @param sources  how many source puts the row waits for
     * @param row      the row write
     * @param executor where the deadline runs the row if the puts' first tries are not over by then
     */
    RowAfterSources(int sources, Runnable row, ScheduledExecutorService executor, Duration patience) {
        this.untried = new AtomicInteger(sources);
        this.row = row;
        this.deadline = executor.schedule(this::start, patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The first try of one source put is over, whether it stored the object or not; the last runs the row here. */
    void sourceTried() {
        if (untried.decrementAndGet() == 0) {
            deadline.cancel(false);
            start();
        }
    }

    /** Runs the row write on the calling thread: the last put's, or the executor's at the deadline. */
    private void start() {
        if (started.compareAndSet(false, true)) {
            row.run();
        }
    }
}
