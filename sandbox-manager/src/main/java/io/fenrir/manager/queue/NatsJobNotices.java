package io.fenrir.manager.queue;

import io.fenrir.core.job.JobNames;
import io.fenrir.manager.persist.JobNotices;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's notices on NATS: on the job's event stream ({@link JobNames#eventSubject}) for those who
 * follow it (GET /jobs/{id}/events), and, once it finished, on core NATS
 * ({@link JobNames#FINISHED_SUBJECT_PREFIX}) for every API instance's waiting requests. A notice that
 * cannot be sent is dropped: the record is stored, and whoever waits reads it when its wait ends.
 */
public final class NatsJobNotices implements JobNotices {
    private static final Logger LOG = LoggerFactory.getLogger(NatsJobNotices.class);
    private static final byte[] EMPTY = new byte[0];

    private final Connection connection;
    private final JetStream jetStream;

    public NatsJobNotices(Connection connection) throws IOException {
        this.connection = connection;
        this.jetStream = connection.jetStream();
    }

    @Override
    public void running(String jobId, int attempt) {
        event(jobId, JobNames.EVENT_STATUS, Integer.toString(attempt).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void finished(String jobId) {
        // The event first: a follower woken by the notice still finds every event of the job before its end.
        event(jobId, JobNames.EVENT_FINISHED, EMPTY);
        try {
            connection.publish(JobNames.FINISHED_SUBJECT_PREFIX + jobId, EMPTY);
        } catch (RuntimeException e) {
            LOG.debug("failed to announce that job {} finished: {}", jobId, e.getMessage());
        }
    }

    private void event(String jobId, String kind, byte[] body) {
        try {
            jetStream.publishAsync(NatsMessage.builder().subject(JobNames.eventSubject(jobId))
                    .headers(new Headers().add(JobNames.EVENT_KIND, kind)).data(body).build());
        } catch (RuntimeException e) {
            LOG.debug("failed to publish the {} event of job {}: {}", kind, jobId, e.getMessage());
        }
    }
}
