package io.fenrir.platform.nats;

import io.fenrir.core.job.JobNames;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;

/**
 * The stream of jobs' live events (status changes, output chunks), which the managers write and the
 * API reads: both ensure it, so that neither depends on the other having started first.
 */
public final class JobEventStream {
    /** Long enough to resume a dropped connection; the output is stored for good elsewhere. */
    private static final Duration MAX_AGE = Duration.ofHours(1);
    /** Memory for everyone's live output: the oldest events go first when it is full. */
    private static final long MAX_BYTES = 256L << 20;

    private JobEventStream() {
    }

    public static void ensure(JetStreamTopology topology) throws IOException {
        topology.ensureStream(StreamConfiguration.builder()
                .name(JobNames.EVENT_STREAM)
                .subjects(JobNames.EVENT_SUBJECTS)
                .retentionPolicy(RetentionPolicy.Limits)
                .storageType(StorageType.Memory)
                .maxAge(MAX_AGE)
                .maxBytes(MAX_BYTES)
                .discardPolicy(DiscardPolicy.Old)
                .build());
    }
}
