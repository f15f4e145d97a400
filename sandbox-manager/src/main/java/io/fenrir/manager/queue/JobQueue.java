package io.fenrir.manager.queue;

import io.fenrir.core.job.JobNames;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.fenrir.manager.dispatch.Delivery;
import io.fenrir.manager.dispatch.WorkQueue;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's side of the JetStream work queue: one durable pull consumer shared by every
 * manager instance. Messages are pulled one at a time, and only by a caller holding an idle worker,
 * so no message waits in this process for a worker (and its ack-wait clock never runs idle here).
 *
 * <p>Delivery is at-least-once: a message is acknowledged only after the job's result is
 * persisted; a message not acknowledged within {@code ackWait} is delivered again, at most
 * {@code maxDeliver} times in all. The NATS connection is the caller's.
 */
public final class JobQueue implements WorkQueue {
    private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);
    /** The API owns the stream; until it has created it, retry at this pace. */
    private static final Duration STREAM_WAIT = Duration.ofSeconds(1);

    private final Connection connection;
    private final ConsumerContext consumer;

    public JobQueue(Connection connection, Duration ackWait, int maxDeliver) throws IOException, InterruptedException {
        this.connection = connection;
        ConsumerConfiguration config = ConsumerConfiguration.builder()
                .durable(JobNames.CONSUMER)
                // No filter: the stream holds only jobs, and messages an earlier version published on
                // another subject are still jobs to run.
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(ackWait)
                .maxDeliver(maxDeliver)
                .build();
        this.consumer = createConsumer(config);
    }

    private ConsumerContext createConsumer(ConsumerConfiguration config) throws IOException, InterruptedException {
        while (true) {
            try {
                return connection.getStreamContext(JobNames.STREAM).createOrUpdateConsumer(config);
            } catch (JetStreamApiException e) {
                if (!replacedOutdatedConsumer()) {
                    LOG.info("waiting for stream {} (created by the API server): {}", JobNames.STREAM, e.getMessage());
                    Thread.sleep(STREAM_WAIT.toMillis());
                }
            }
        }
    }

    /**
     * Deletes the consumer when an earlier version made it with a filter subject (JetStream 2.9 cannot
     * change a consumer's filter). Nothing is lost: in a work-queue stream a message stays until
     * it is acknowledged, and the new consumer delivers every message the stream holds.
     */
    private boolean replacedOutdatedConsumer() throws IOException {
        try {
            var management = connection.jetStreamManagement();
            String filter = management.getConsumerInfo(JobNames.STREAM, JobNames.CONSUMER).getConsumerConfiguration()
                    .getFilterSubject();
            if (filter == null || filter.isEmpty()) {
                return false;
            }
            LOG.warn("replacing consumer {} of {}: it reads only {}, this version reads the whole stream",
                    JobNames.CONSUMER, JobNames.STREAM, filter);
            return management.deleteConsumer(JobNames.STREAM, JobNames.CONSUMER);
        } catch (JetStreamApiException e) {
            return false; // No stream or no consumer yet.
        }
    }

    @Override
    public Delivery next(Duration wait) throws InterruptedException {
        try {
            io.nats.client.Message message = consumer.next(wait);
            return message == null ? null : new NatsDelivery(message);
        } catch (IOException | JetStreamApiException | io.nats.client.JetStreamStatusCheckedException
                | IllegalStateException e) {
            // IllegalStateException: the connection's own refusal while it reconnects. Any of these is
            // passing (NATS restarting, a cluster electing a leader): the dispatcher must keep pulling.
            LOG.warn("failed to pull from {}: {}", JobNames.STREAM, e.getMessage());
            Thread.sleep(wait.toMillis());
            return null;
        }
    }
}
