package io.fenrir.manager.queue;

import io.fenrir.core.job.JobNames;
import io.fenrir.manager.metrics.DeadLetterCause;
import io.fenrir.manager.metrics.ManagerMetrics;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.PublishAck;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.PublishOptions;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter stream: where a job goes that could not be run within its deliveries (or whose
 * message could not even be read), with the reason, for an operator to inspect and replay
 * (the API's /admin/dead-letters). A dead letter is the original message's body, unchanged.
 */
public final class JetStreamDeadLetters implements DeadLetters {
    private static final int STREAM_EXISTS = 10058;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final JetStream jetStream;
    private final ManagerMetrics metrics;

    /** @param replicas copies JetStream keeps of the stream (FENRIR_NATS_REPLICAS), applied to one that exists too */
    public JetStreamDeadLetters(Connection connection, int replicas, ManagerMetrics metrics) throws IOException {
        this.jetStream = connection.jetStream();
        this.metrics = metrics;
        ensureStream(connection.jetStreamManagement(), replicas);
    }

    private static void ensureStream(JetStreamManagement streams, int replicas) throws IOException {
        StreamConfiguration config = StreamConfiguration.builder()
                .name(JobNames.DEAD_LETTER_STREAM)
                .subjects(JobNames.DEAD_LETTER_SUBJECT)
                .retentionPolicy(RetentionPolicy.Limits)
                .storageType(StorageType.File)
                .replicas(replicas)
                .build();
        try {
            try {
                streams.addStream(config);
                return;
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_EXISTS) {
                    throw e;
                }
            }
            int current = streams.getStreamInfo(JobNames.DEAD_LETTER_STREAM).getConfiguration().getReplicas();
            if (current != replicas) {
                LOG.info("changing the replicas of stream {} from {} to {} (FENRIR_NATS_REPLICAS)",
                        JobNames.DEAD_LETTER_STREAM, current, replicas);
                streams.updateStream(config);
            }
        } catch (JetStreamApiException e) {
            throw new IOException("failed to create or update stream " + JobNames.DEAD_LETTER_STREAM + " with "
                    + replicas + " replicas (FENRIR_NATS_REPLICAS; a single server keeps 1, a cluster at most its"
                    + " size): " + e.getMessage(), e);
        }
    }

    /** The message id "dead-&lt;sequence&gt;" makes a second burial of the same delivery a duplicate. */
    @Override
    public void bury(String jobId, long sourceSequence, byte[] body, String reason, int attempts,
            DeadLetterCause cause) throws IOException {
        Headers headers = new Headers()
                .add(JobNames.DEAD_JOB_ID, jobId)
                .add(JobNames.DEAD_REASON, reason.replaceAll("[\\r\\n]+", " "))
                .add(JobNames.DEAD_ATTEMPTS, Integer.toString(attempts));
        NatsMessage message = NatsMessage.builder().subject(JobNames.DEAD_LETTER_SUBJECT).headers(headers)
                .data(body).build();
        try {
            PublishAck stored = jetStream.publish(message, PublishOptions.builder().messageId("dead-" + sourceSequence)
                    .expectedStream(JobNames.DEAD_LETTER_STREAM).build());
            if (!stored.isDuplicate()) {
                metrics.deadLettered(cause);
            }
        } catch (JetStreamApiException e) {
            throw new IOException("failed to store the dead letter of job " + jobId + ": " + e.getMessage(), e);
        }
    }
}
