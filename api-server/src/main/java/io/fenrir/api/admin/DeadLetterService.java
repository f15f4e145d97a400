package io.fenrir.api.admin;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.api.persist.JobRows;
import io.fenrir.core.job.JobNames;
import io.fenrir.platform.nats.JetStreamErrors;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads, replays and drops dead letters (the stream FENRIR_DLQ, written by the sandbox managers).
 * A replay sends the job's original message through the work queue again as a new delivery of the
 * same job: its row goes back from FAILED to QUEUED first (the one backward move, see JobStatus),
 * then the message is published, then the dead letter is deleted — so a failure part-way leaves the
 * dead letter in place and the replay can simply be repeated.
 */
@ApplicationScoped
public class DeadLetterService {
    private static final java.util.regex.Pattern JOB_ID =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final JetStreamManagement streams;
    private final JetStream jetStream;
    private final JobRows rows;
    private final Duration queueRetryAfter;
    private final Duration storeRetryAfter;

    public DeadLetterService(Connection connection, JobRows rows, FenrirConfig config) throws IOException {
        this.streams = connection.jetStreamManagement();
        this.jetStream = connection.jetStream();
        this.rows = rows;
        this.queueRetryAfter = config.queue().retryAfter();
        this.storeRetryAfter = config.persistence().retryAfter();
    }

    /** Up to {@code limit} dead letters with a sequence above {@code after}, oldest first. */
    public List<DeadLetter> list(long after, int limit) {
        List<DeadLetter> page = new ArrayList<>();
        try {
            StreamInfo info = streams.getStreamInfo(JobNames.DEAD_LETTER_STREAM);
            long last = info.getStreamState().getLastSequence();
            for (long sequence = Math.max(after + 1, info.getStreamState().getFirstSequence());
                    sequence <= last && page.size() < limit; sequence++) {
                long at = sequence;
                read(at).map(message -> view(at, message)).ifPresent(page::add);
            }
            return page;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND) { // no manager has created it yet
                return page;
            }
            throw unavailable(e);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    /** Sends the dead letter's job through the queue again; returns its job id. */
    public String replay(long sequence) {
        MessageInfo letter = find(sequence);
        String jobId = header(letter, JobNames.DEAD_JOB_ID);
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw ApiException.unprocessable("dead_letter_unreplayable", "dead letter " + sequence
                    + " holds no readable job (" + header(letter, JobNames.DEAD_REASON) + "); drop it instead");
        }
        try {
            rows.requeueFailed(jobId);
        } catch (PersistenceException e) {
            throw ApiException.unavailable("store_unavailable", "the job store is unavailable; retry the replay",
                    storeRetryAfter);
        }
        try {
            jetStream.publish(JobNames.submitSubject(jobId), letter.getData(), PublishOptions.builder()
                    .messageId(jobId + "-replay-" + sequence).expectedStream(JobNames.STREAM).build());
            streams.deleteMessage(JobNames.DEAD_LETTER_STREAM, sequence);
        } catch (IOException | JetStreamApiException e) {
            throw unavailable(e);
        }
        return jobId;
    }

    /** Deletes the dead letter for good; its job stays FAILED. */
    public void drop(long sequence) {
        find(sequence);
        try {
            streams.deleteMessage(JobNames.DEAD_LETTER_STREAM, sequence);
        } catch (IOException | JetStreamApiException e) {
            throw unavailable(e);
        }
    }

    private MessageInfo find(long sequence) {
        try {
            return read(sequence).orElseThrow(() -> ApiException.notFound("dead_letter_not_found",
                    "dead letter " + sequence + " does not exist"));
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private Optional<MessageInfo> read(long sequence) throws IOException {
        try {
            return Optional.of(streams.getMessage(JobNames.DEAD_LETTER_STREAM, sequence));
        } catch (JetStreamApiException e) {
            // A dead letter dropped or replayed meanwhile, or no stream yet.
            if (e.getApiErrorCode() == JetStreamErrors.NO_MESSAGE_FOUND
                    || e.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND) {
                return Optional.empty();
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    private static DeadLetter view(long sequence, MessageInfo message) {
        String attempts = header(message, JobNames.DEAD_ATTEMPTS);
        return new DeadLetter(sequence, header(message, JobNames.DEAD_JOB_ID), header(message, JobNames.DEAD_REASON),
                attempts == null ? 0 : Integer.parseInt(attempts), message.getTime());
    }

    private static String header(MessageInfo message, String name) {
        Headers headers = message.getHeaders();
        return headers == null ? null : headers.getFirst(name);
    }

    private ApiException unavailable(Exception e) {
        return ApiException.unavailable("queue_unavailable", "the dead-letter stream could not be read: "
                + e.getMessage(), queueRetryAfter);
    }
}
