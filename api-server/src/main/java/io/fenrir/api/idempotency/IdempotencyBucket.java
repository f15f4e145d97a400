package io.fenrir.api.idempotency;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.queue.StreamLimit;
import io.fenrir.platform.nats.JetStreamTopology;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.StorageType;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * The definition of the key-value bucket holding Idempotency-Keys, which this server owns: created
 * at start-up, or brought up to date when an earlier version (or another instance) made it. One
 * value per key, each kept for fenrir.idempotency.ttl, at most fenrir.idempotency.max-bytes in all,
 * with as many copies as the job stream (fenrir.nats.replicas).
 */
final class IdempotencyBucket {
    static final String NAME = "fenrir_idempotency";

    private static final Logger LOG = Logger.getLogger(IdempotencyBucket.class);

    private IdempotencyBucket() {
    }

    static void ensure(JetStreamTopology topology, FenrirConfig.Idempotency settings) throws IOException {
        topology.ensureBucket(definition(settings, settings.maxBytes()),
                current -> definition(settings, limitFor(settings, current)));
    }

    /** fenrir.idempotency.max-bytes, unless applying it now would delete keys ({@link StreamLimit}). */
    private static long limitFor(FenrirConfig.Idempotency settings, KeyValueStatus current) {
        long maxBytes = StreamLimit.toApply(settings.maxBytes(), current.getMaxBucketSize(), current.getByteCount());
        if (maxBytes != settings.maxBytes()) {
            LOG.warnf("bucket %s holds %d bytes, more than fenrir.idempotency.max-bytes (%d): keeping its limit at"
                    + " %d, since lowering it now would delete the oldest keys; restart once they have expired",
                    NAME, current.getByteCount(), settings.maxBytes(), maxBytes);
        }
        return maxBytes;
    }

    private static KeyValueConfiguration definition(FenrirConfig.Idempotency settings, long maxBytes) {
        // A full bucket refuses new keys (a key-value bucket's discard policy is New): dropping the
        // oldest keys instead would let a retry within the TTL create a second job.
        return KeyValueConfiguration.builder().name(NAME).maxHistoryPerKey(1).ttl(settings.ttl())
                .maxBucketSize(maxBytes).storageType(StorageType.File).build();
    }
}
