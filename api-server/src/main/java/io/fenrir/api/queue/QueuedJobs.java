package io.fenrir.api.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobNames;
import io.fenrir.platform.nats.JetStreamErrors;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Jobs still waiting in the work-queue stream, found by id (each job has its own subject). This is
 * how a job accepted by an API instance that died before writing its row is still known: it is in
 * the stream until a manager has written its row and acknowledged it.
 */
@ApplicationScoped
public class QueuedJobs {
    private final JetStreamManagement streams;
    private final ObjectMapper json;

    public QueuedJobs(Connection connection, ObjectMapper json) throws IOException {
        this.streams = connection.jetStreamManagement();
        this.json = json;
    }

    /**
     * The job if the stream holds it.
     *
     * @throws UncheckedIOException when the stream cannot be asked
     */
    public Optional<JobMessage> find(String id) {
        MessageInfo message;
        try {
            message = streams.getLastMessage(JobNames.STREAM, JobNames.submitSubject(id));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == JetStreamErrors.NO_MESSAGE_FOUND) {
                return Optional.empty();
            }
            throw new UncheckedIOException(new IOException("failed to look up job " + id + ": " + e.getMessage(), e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return Optional.of(json.readValue(message.getData(), JobMessage.class));
        } catch (IOException e) {
            throw new UncheckedIOException("job " + id + " in the stream cannot be read", e);
        }
    }
}
