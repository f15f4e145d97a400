package io.fenrir.manager.dispatch;

import io.fenrir.core.job.JobNames;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cancellation notices from the API (core NATS, every manager hears every notice): if this manager
 * is running the job, the registered action stops it. A notice for a job not running here is
 * ignored; the job's CANCELLED row is what keeps it from running later.
 */
public final class Cancellations implements AutoCloseable {
    private final Map<String, Runnable> running = new ConcurrentHashMap<>();
    private final io.nats.client.Dispatcher subscription;

    public Cancellations(Connection connection) {
        this.subscription = connection.createDispatcher(this::onNotice);
        subscription.subscribe(JobNames.CANCEL_SUBJECT_PREFIX + "*");
    }

    /** Runs {@code stop} if job {@code jobId} is cancelled before the registration is closed. */
    Registration register(String jobId, Runnable stop) {
        running.put(jobId, stop);
        return () -> running.remove(jobId, stop);
    }

    private void onNotice(Message notice) {
        String jobId = notice.getSubject().substring(JobNames.CANCEL_SUBJECT_PREFIX.length());
        Runnable stop = running.get(jobId);
        if (stop != null) {
            stop.run();
        }
    }

    @Override
    public void close() {
        subscription.unsubscribe(JobNames.CANCEL_SUBJECT_PREFIX + "*");
    }

    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
