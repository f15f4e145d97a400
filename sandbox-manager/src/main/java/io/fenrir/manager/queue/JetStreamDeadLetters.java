package io.fenrir.manager.queue;

import io.fenrir.core.job.JobNames;
import io.fenrir.manager.metrics.DeadLetterCause;
import io.fenrir.manager.metrics.ManagerMetrics;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.fenrir.platform.nats.JetStreamTopology;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.PublishAck;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.PublishOptions;
import java.io.IOException;

/**
 * The dead-letter stream: where a job goes that could not be run within its deliveries (or whose
 * message could not even be read), with the reason, for an operator to inspect and replay
 * (the API's /admin/dead-letters). A dead letter is the original message's body, unchanged.
 */
public final class JetStreamDeadLetters implements DeadLetters {
    private final JetStream jetStream;
    private final ManagerMetrics metrics;

    /** Creates the stream, or brings the one that exists up to date (its replicas too). */
    public JetStreamDeadLetters(Connection connection, JetStreamTopology topology, ManagerMetrics metrics)
            throws IOException {
        this.jetStream = connection.jetStream();
        this.metrics = metrics;
        topology.ensureStream(StreamConfiguration.builder()
                .name(JobNames.DEAD_LETTER_STREAM)
                .subjects(JobNames.DEAD_LETTER_SUBJECT)
                // Kept until an operator replays or drops them.
                .retentionPolicy(RetentionPolicy.Limits)
                .storageType(StorageType.File)
                .build());
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
