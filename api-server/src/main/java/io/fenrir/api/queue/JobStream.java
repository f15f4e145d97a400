package io.fenrir.api.queue;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.core.job.JobNames;
import io.fenrir.platform.nats.JetStreamTopology;
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

    private final long maxPending;

    public JobStream(FenrirConfig config, JetStreamTopology topology) throws IOException {
        this.maxPending = config.queue().maxPending();
        topology.ensureStream(definition(maxPending), current -> definition(limitFor(current)));
    }

    /** fenrir.queue.max-pending, unless applying it now would delete jobs ({@link StreamLimit}). */
    private long limitFor(StreamInfo current) {
        long held = current.getStreamState().getMsgCount();
        long max = StreamLimit.toApply(maxPending, current.getConfiguration().getMaxMsgs(), held);
        if (max != maxPending) {
            LOG.warnf("stream %s holds %d jobs, more than fenrir.queue.max-pending (%d): keeping its limit at %d,"
                    + " since lowering it now would delete the oldest jobs; restart once the queue is shorter",
                    JobNames.STREAM, held, maxPending, max);
        }
        return max;
    }

    private static StreamConfiguration definition(long maxMessages) {
        return StreamConfiguration.builder()
                .name(JobNames.STREAM)
                .subjects(JobNames.SUBMIT_SUBJECTS)
                // Work-queue retention: a message is removed once a manager acknowledged it.
                .retentionPolicy(RetentionPolicy.WorkQueue)
                .storageType(StorageType.File)
                // Replicas: fenrir.nats.replicas, from the topology. A PubAck then means a majority of
                // the copies stored the job.
                .duplicateWindow(DUPLICATE_WINDOW)
                // At the cap, refuse the new message: discarding the oldest would drop an accepted job.
                .maxMessages(maxMessages)
                .discardPolicy(DiscardPolicy.New)
                .build();
    }
}
