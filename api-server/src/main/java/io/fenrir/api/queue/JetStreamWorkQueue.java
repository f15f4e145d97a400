package io.fenrir.api.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.core.job.JobNames;
import io.fenrir.platform.nats.JetStreamErrors;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.util.Optional;

/** The work stream FENRIR_JOBS and the managers' consumer of it, in JetStream, for {@link LeftoverSweep}. */
final class JetStreamWorkQueue implements LeftoverSweep.WorkQueue {
    private static final String ANY_SUBJECT = ">";

    private final JetStreamManagement streams;
    private final ObjectMapper json;

    JetStreamWorkQueue(JetStreamManagement streams, ObjectMapper json) {
        this.streams = streams;
        this.json = json;
    }

    @Override
    public long ackFloor() throws IOException, JetStreamApiException {
        try {
            return streams.getConsumerInfo(JobNames.STREAM, JobNames.CONSUMER).getAckFloor().getStreamSequence();
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == JetStreamErrors.CONSUMER_NOT_FOUND) { // no manager has bound yet
                return 0;
            }
            throw e;
        }
    }

    @Override
    public Optional<LeftoverSweep.Message> firstFrom(long sequence) throws IOException, JetStreamApiException {
        MessageInfo message;
        try {
            message = streams.getNextMessage(JobNames.STREAM, sequence, ANY_SUBJECT);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == JetStreamErrors.NO_MESSAGE_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(new LeftoverSweep.Message(message.getSeq(), jobId(message.getData())));
    }

    /** The job id a message holds (JobMessage's "id"); null when it holds no readable one. */
    private String jobId(byte[] payload) {
        try {
            JsonNode id = json.readTree(payload).path("id");
            return id.isTextual() ? id.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public boolean remove(long sequence) throws IOException, JetStreamApiException {
        try {
            return streams.deleteMessage(JobNames.STREAM, sequence, false);
        } catch (JetStreamApiException e) {
            boolean gone = e.getApiErrorCode() == JetStreamErrors.MESSAGE_DELETE_FAILED
                    && e.getErrorDescription() != null
                    && e.getErrorDescription().contains("no message found");
            if (gone) {
                return false;
            }
            throw e;
        }
    }
}
