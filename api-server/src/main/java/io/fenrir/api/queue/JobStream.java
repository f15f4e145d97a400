package io.fenrir.api.queue;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.core.job.JobNames;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The work-queue stream's definition, which this server owns: created at start-up, or brought up to
 * date when an earlier version (or another instance) made it. The sandbox managers only bind to it.
 */
@Startup
@ApplicationScoped
public class JobStream {
    /** How long JetStream remembers a Nats-Msg-Id: a publish repeated within it is stored once. */
    public static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);

    private static final Logger LOG = Logger.getLogger(JobStream.class);
    /** JetStream's "stream name already in use": another instance (or an earlier run) made it. */
    private static final int STREAM_EXISTS = 10058;

    /** JetStream keeps 1 to 5 copies of a stream. */
    private static final int MAX_REPLICAS = 5;

    private final JetStreamManagement management;
    private final long maxPending;
    private final int replicas;

    public JobStream(FenrirConfig config, Connection connection) throws IOException {
        this.management = connection.jetStreamManagement();
        this.maxPending = config.queue().maxPending();
        this.replicas = config.nats().replicas();
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalStateException("fenrir.nats.replicas is " + replicas + "; it must be 1 to "
                    + MAX_REPLICAS);
        }
        ensure();
    }

    private void ensure() throws IOException {
        try {
            management.addStream(definition(maxPending, replicas));
            LOG.infof("created stream %s holding at most %d jobs, %d replicas", JobNames.STREAM, maxPending, replicas);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_EXISTS) {
                throw new IOException("failed to create stream " + JobNames.STREAM + ": " + e.getMessage(), e);
            }
            update();
        }
    }

    private void update() throws IOException {
        StreamInfo current;
        try {
            current = management.getStreamInfo(JobNames.STREAM);
        } catch (JetStreamApiException e) {
            throw new IOException("failed to read stream " + JobNames.STREAM + ": " + e.getMessage(), e);
        }
        int currentReplicas = current.getConfiguration().getReplicas();
        try {
            long held = current.getStreamState().getMsgCount();
            long max = StreamLimit.toApply(maxPending, current.getConfiguration().getMaxMsgs(), held);
            if (max != maxPending) {
                LOG.warnf("stream %s holds %d jobs, more than fenrir.queue.max-pending (%d): keeping its limit at %d,"
                        + " since lowering it now would delete the oldest jobs; restart once the queue is shorter",
                        JobNames.STREAM, held, maxPending, max);
            }
            if (currentReplicas != replicas) {
                // nats-server copies the stream to the new peers (or drops copies) while it stays in use.
                LOG.infof("changing the replicas of stream %s from %d to %d (fenrir.nats.replicas)", JobNames.STREAM,
                        currentReplicas, replicas);
            }
            management.updateStream(definition(max, replicas));
        } catch (JetStreamApiException e) {
            String replicasChange = currentReplicas == replicas ? ""
                    : " (changing its replicas from " + currentReplicas + " to " + replicas
                            + ", fenrir.nats.replicas: a single server keeps 1, a cluster at most its size)";
            throw new IOException("failed to update stream " + JobNames.STREAM + replicasChange + ": "
                    + e.getMessage(), e);
        }
    }

    private static StreamConfiguration definition(long maxMessages, int replicas) {
        return StreamConfiguration.builder()
                .name(JobNames.STREAM)
                .subjects(JobNames.SUBMIT_SUBJECTS)
                // Work-queue retention: a message is removed once a manager acknowledged it.
                .retentionPolicy(RetentionPolicy.WorkQueue)
                .storageType(StorageType.File)
                // A PubAck then means a majority of the copies stored the job.
                .replicas(replicas)
                .duplicateWindow(DUPLICATE_WINDOW)
                // At the cap, refuse the new message: discarding the oldest would drop an accepted job.
                .maxMessages(maxMessages)
                .discardPolicy(DiscardPolicy.New)
                .build();
    }
}
