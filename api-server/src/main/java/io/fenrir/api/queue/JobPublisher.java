package io.fenrir.api.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobNames;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.PublishOptions;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Publishes accepted jobs to the JetStream work queue and owns that stream's definition.
 *
 * <p>A publish returns only after JetStream has stored the message (its PubAck), so a 202 means
 * the job is durable. Each message carries its job id as Nats-Msg-Id: a retried publish of the same
 * job within the duplicate window is stored once.
 */
@Startup
@ApplicationScoped
public class JobPublisher {
    private static final Logger LOG = Logger.getLogger(JobPublisher.class);

    /** The message's headers (Nats-Msg-Id, Nats-Expected-Stream) count towards max_payload too. */
    private static final int HEADER_ROOM = 1024;

    private final ObjectMapper json;
    private final Connection connection;
    private final JetStream jetStream;

    public JobPublisher(FenrirConfig config, ObjectMapper json, Connection connection) throws IOException {
        this.json = json;
        this.connection = connection;
        this.jetStream = connection.jetStream(JetStreamOptions.builder()
                .requestTimeout(config.nats().publishTimeout()).build());
        ensureStream();
    }

    private void ensureStream() throws IOException {
        StreamConfiguration stream = StreamConfiguration.builder()
                .name(JobNames.STREAM)
                .subjects(JobNames.SUBMIT_SUBJECT)
                // Work-queue retention: a message is removed once a manager acknowledged it.
                .retentionPolicy(RetentionPolicy.WorkQueue)
                .storageType(StorageType.File)
                .duplicateWindow(Duration.ofMinutes(2))
                .build();
        try {
            connection.jetStreamManagement().addStream(stream);
            LOG.infof("created stream %s", JobNames.STREAM);
        } catch (JetStreamApiException e) {
            // 10058: a stream with this name exists already; another instance (or an earlier run) made it.
            if (e.getApiErrorCode() != 10058) {
                throw new IOException("failed to create stream " + JobNames.STREAM + ": " + e.getMessage(), e);
            }
            updateStream(stream);
        }
    }

    private void updateStream(StreamConfiguration stream) throws IOException {
        try {
            connection.jetStreamManagement().updateStream(stream);
        } catch (JetStreamApiException e) {
            throw new IOException("failed to update stream " + JobNames.STREAM + ": " + e.getMessage(), e);
        }
    }

    public void publish(JobMessage job) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(job);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to encode job " + job.id(), e);
        }
        // Escaped stdin and arguments can make a valid job larger than the server takes in one
        // message; that is the client's job being too large, not the queue being down (and jnats
        // would refuse it with an IllegalArgumentException). Unknown (-1) until first connected.
        long maxPayload = connection.getMaxPayload();
        if (maxPayload > 0 && body.length + HEADER_ROOM > maxPayload) {
            throw ApiException.tooLarge("the job is " + body.length + " bytes once encoded for the queue; the limit is "
                    + (maxPayload - HEADER_ROOM));
        }
        PublishOptions options = PublishOptions.builder().messageId(job.id()).expectedStream(JobNames.STREAM).build();
        try {
            jetStream.publish(JobNames.SUBMIT_SUBJECT, body, options);
        } catch (IOException | JetStreamApiException e) {
            LOG.warnf("failed to publish job %s: %s", job.id(), e.getMessage());
            throw ApiException.unavailable("queue_unavailable", "the job queue did not accept the job; retry later");
        }
    }
}
