package io.fenrir.manager.dispatch;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells JetStream, while a job runs, that its delivery is still being worked on ("+WPI", an
 * in-progress ack resets the ack-wait clock), so a running job is never redelivered to another
 * manager however long its limits are, while a manager that dies stops beating and its job comes
 * back after one ack wait.
 */
final class Heartbeat {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fenrir-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration interval;

    /** Beats three times per ack wait: one lost beat never lets the message expire. */
    Heartbeat(Duration ackWait) {
        this.interval = ackWait.dividedBy(3);
    }

    /** Starts beating for {@code delivery}; closing the returned beat stops it. */
    Beat start(Delivery delivery, String jobId) {
        ScheduledFuture<?> beats = timer.scheduleAtFixedRate(() -> {
            try {
                delivery.inProgress();
            } catch (RuntimeException e) {
                try (var log = JobLog.about(jobId)) {
                    LOG.warn("failed to send an in-progress ack for job {}: {}", jobId, e.getMessage());
                }
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return () -> beats.cancel(false);
    }

    /** A running heartbeat of one message. */
    interface Beat extends AutoCloseable {
        @Override
        void close();
    }
}
