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

    private final JetStreamManagement management;
    private final long maxPending;

    public JobStream(FenrirConfig config, Connection connection) throws IOException {
        this.management = connection.jetStreamManagement();
        this.maxPending = config.queue().maxPending();
        ensure();
    }

    private void ensure() throws IOException {
        try {
            management.addStream(definition(maxPending));
            LOG.infof("created stream %s holding at most %d jobs", JobNames.STREAM, maxPending);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_EXISTS) {
                throw new IOException("failed to create stream " + JobNames.STREAM + ": " + e.getMessage(), e);
            }
            update();
        }
    }

    private void update() throws IOException {
        try {
            StreamInfo current = management.getStreamInfo(JobNames.STREAM);
            long held = current.getStreamState().getMsgCount();
            long max = maxMessages(maxPending, current.getConfiguration().getMaxMsgs(), held);
            if (max != maxPending) {
                LOG.warnf("stream %s holds %d jobs, more than fenrir.queue.max-pending (%d): keeping its limit at %d,"
                        + " since lowering it now would delete the oldest jobs; restart once the queue is shorter",
                        JobNames.STREAM, held, maxPending, max);
            }
            management.updateStream(definition(max));
        } catch (JetStreamApiException e) {
            throw new IOException("failed to update stream " + JobNames.STREAM + ": " + e.getMessage(), e);
        }
    }

    /**
     * The message limit to apply to a stream that exists. A lower limit than the messages it holds
     * makes JetStream delete the oldest at once (even with discard policy New), and those are jobs
     * that got a 202: such a limit waits for a start when the queue is shorter. Raising is always safe.
     *
     * @param configured fenrir.queue.max-pending
     * @param current    the stream's limit now; -1 for none
     * @param held       the messages it holds now
     */
    static long maxMessages(long configured, long current, long held) {
        boolean lowering = current < 0 || configured < current;
        return lowering && held > configured ? current : configured;
    }

    private static StreamConfiguration definition(long maxMessages) {
        return StreamConfiguration.builder()
                .name(JobNames.STREAM)
                .subjects(JobNames.SUBMIT_SUBJECTS)
                // Work-queue retention: a message is removed once a manager acknowledged it.
                .retentionPolicy(RetentionPolicy.WorkQueue)
                .storageType(StorageType.File)
                .duplicateWindow(DUPLICATE_WINDOW)
                // At the cap, refuse the new message: discarding the oldest would drop an accepted job.
                .maxMessages(maxMessages)
                .discardPolicy(DiscardPolicy.New)
                .build();
    }
}
