package io.fenrir.manager.queue;

import io.fenrir.core.job.JobNames;
import io.fenrir.manager.dispatch.LiveOutput;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Output chunks on the job's event stream, as the agent sends them: published without waiting for
 * JetStream's acknowledgement (a chunk lost here is still in the stored output).
 */
public final class JetStreamLiveOutput implements LiveOutput {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamLiveOutput.class);

    private final JetStream jetStream;

    public JetStreamLiveOutput(Connection connection) throws IOException {
        this.jetStream = connection.jetStream();
    }

    @Override
    public void chunk(String jobId, String step, String stream, byte[] data) {
        try {
            jetStream.publishAsync(NatsMessage.builder().subject(JobNames.eventSubject(jobId))
                    .headers(new Headers().add(JobNames.EVENT_KIND, stream).add(JobNames.EVENT_STEP, step))
                    .data(data).build());
        } catch (RuntimeException e) {
            LOG.debug("failed to publish output of job {}: {}", jobId, e.getMessage());
        }
    }
}
