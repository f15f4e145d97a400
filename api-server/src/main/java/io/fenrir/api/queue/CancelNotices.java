package io.fenrir.api.queue;

import io.fenrir.core.job.JobNames;
import io.nats.client.Connection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tells the sandbox managers that a job was cancelled (core NATS, every manager listens), so the one
 * running it kills it, and every API instance that it finished, so the requests waiting for it are
 * answered. Fire and forget: the job's row already says CANCELLED, which is what stops a queued job
 * from running, keeps a finished run from overwriting the cancellation, and what a waiter that
 * missed the notice reads when its wait ends.
 */
@ApplicationScoped
public class CancelNotices {
    private final Connection connection;

    public CancelNotices(Connection connection) {
        this.connection = connection;
    }

    public void announce(String jobId) {
        connection.publish(JobNames.CANCEL_SUBJECT_PREFIX + jobId, new byte[0]);
        connection.publish(JobNames.FINISHED_SUBJECT_PREFIX + jobId, new byte[0]);
    }
}
