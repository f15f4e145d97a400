package io.fenrir.api.queue;

import io.fenrir.core.job.JobNames;
import io.nats.client.Connection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tells the sandbox managers that a job was cancelled (core NATS, every manager listens), so the one
 * running it kills it. Fire and forget: the job's row already says CANCELLED, which is what stops a
 * queued job from running and keeps a finished run from overwriting the cancellation.
 */
@ApplicationScoped
public class CancelNotices {
    private final Connection connection;

    public CancelNotices(Connection connection) {
        this.connection = connection;
    }

    public void announce(String jobId) {
        connection.publish(JobNames.CANCEL_SUBJECT_PREFIX + jobId, new byte[0]);
    }
}
