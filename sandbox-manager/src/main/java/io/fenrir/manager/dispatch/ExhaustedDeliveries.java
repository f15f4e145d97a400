package io.fenrir.manager.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobNames;
import io.fenrir.manager.metrics.DeadLetterCause;
import io.fenrir.manager.persist.JobRecords;
import io.fenrir.core.job.Outcome;
import io.fenrir.manager.queue.DeadLetters;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes the jobs JetStream gave up on: a job whose every delivery ended without an ack (its
 * manager or worker died each time, so no JobRunner saw its last delivery fail) stays in the work
 * stream undelivered. JetStream announces it with a MAX_DELIVERIES advisory; every manager
 * listens, and whichever acts first records the job FAILED, dead-letters it and removes it from
 * the work stream. Each of those steps is idempotent, so several managers acting is harmless.
 */
public final class ExhaustedDeliveries implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExhaustedDeliveries.class);
    static final String ADVISORY = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + JobNames.STREAM + "."
            + JobNames.CONSUMER;

    private final ObjectMapper json;
    private final JetStreamManagement streams;
    private final JobRecords jobs;
    private final DeadLetters deadLetters;
    private final io.nats.client.Dispatcher subscription;

    public ExhaustedDeliveries(Connection connection, ObjectMapper json, JobRecords jobs, DeadLetters deadLetters)
            throws IOException {
        this.json = json;
        this.streams = connection.jetStreamManagement();
        this.jobs = jobs;
        this.deadLetters = deadLetters;
        this.subscription = connection.createDispatcher(this::onAdvisory);
        subscription.subscribe(ADVISORY);
    }

    private void onAdvisory(Message advisory) {
        long sequence;
        int deliveries;
        try {
            JsonNode event = json.readTree(advisory.getData());
            sequence = event.path("stream_seq").asLong();
            deliveries = event.path("deliveries").asInt();
        } catch (IOException e) {
            LOG.warn("ignoring an unreadable max-deliveries advisory: {}", e.getMessage());
            return;
        }
        try {
            bury(sequence, deliveries);
        } catch (Exception e) {
            // The message stays in the work stream; the next manager start (or advisory) can retry.
            LOG.error("failed to dead-letter job message {} after {} deliveries: {}", sequence, deliveries,
                    e.getMessage());
        }
    }

    private void bury(long sequence, int deliveries) throws Exception {
        MessageInfo stored;
        try {
            stored = streams.getMessage(JobNames.STREAM, sequence);
        } catch (JetStreamApiException e) {
            LOG.debug("job message {} is gone already: {}", sequence, e.getMessage());
            return;
        }
        String reason = "delivered " + deliveries + " times without an acknowledgement (its manager or worker"
                + " stopped each time)";
        JobMessage job = json.readValue(stored.getData(), JobMessage.class);
        try (var log = JobLog.about(job.id())) {
            // No trace id of its own: no delivery of it ended, and the row keeps the one it has.
            jobs.finish(job, Outcome.failed(deliveries, reason, null), null);
            deadLetters.bury(job.id(), sequence, stored.getData(), reason, deliveries,
                    DeadLetterCause.DELIVERIES_EXHAUSTED);
            streams.deleteMessage(JobNames.STREAM, sequence);
            LOG.warn("job {} FAILED: {}; dead-lettered", job.id(), reason);
        }
    }

    @Override
    public void close() {
        subscription.unsubscribe(ADVISORY);
    }
}
