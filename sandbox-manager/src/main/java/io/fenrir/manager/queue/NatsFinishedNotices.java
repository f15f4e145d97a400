package io.fenrir.manager.queue;

import io.fenrir.core.job.JobNames;
import io.fenrir.manager.persist.FinishedNotices;
import io.nats.client.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finished-job notices on core NATS ({@link JobNames#FINISHED_SUBJECT_PREFIX}), which every API instance
 * hears. A notice that cannot be sent is dropped: the record is stored, and a waiting client reads it
 * when its wait ends.
 */
public final class NatsFinishedNotices implements FinishedNotices {
    private static final Logger LOG = LoggerFactory.getLogger(NatsFinishedNotices.class);
    private static final byte[] EMPTY = new byte[0];

    private final Connection connection;

    public NatsFinishedNotices(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void announce(String jobId) {
        try {
            connection.publish(JobNames.FINISHED_SUBJECT_PREFIX + jobId, EMPTY);
        } catch (RuntimeException e) {
            LOG.debug("failed to announce that job {} finished: {}", jobId, e.getMessage());
        }
    }
}
