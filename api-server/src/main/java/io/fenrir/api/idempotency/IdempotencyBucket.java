package io.fenrir.api.idempotency;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.queue.StreamLimit;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValueManagement;
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
    /** JetStream's "stream name already in use": another instance (or an earlier run) made it. */
    private static final int STREAM_EXISTS = 10058;

    private IdempotencyBucket() {
    }

    static void ensure(KeyValueManagement management, FenrirConfig.Idempotency settings, int replicas)
            throws IOException {
        long maxBytes = settings.maxBytes();
        try {
            try {
                management.create(definition(settings, maxBytes, replicas));
                return;
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_EXISTS) {
                    throw e;
                }
            }
            KeyValueStatus current = management.getStatus(NAME);
            maxBytes = StreamLimit.toApply(settings.maxBytes(), current.getMaxBucketSize(), current.getByteCount());
            if (maxBytes != settings.maxBytes()) {
                LOG.warnf("bucket %s holds %d bytes, more than fenrir.idempotency.max-bytes (%d): keeping its limit at"
                        + " %d, since lowering it now would delete the oldest keys; restart once they have expired",
                        NAME, current.getByteCount(), settings.maxBytes(), maxBytes);
            }
            if (current.getReplicas() != replicas) {
                LOG.infof("changing the replicas of bucket %s from %d to %d (fenrir.nats.replicas)", NAME,
                        current.getReplicas(), replicas);
            }
            management.update(definition(settings, maxBytes, replicas));
        } catch (JetStreamApiException e) {
            throw new IOException("failed to create or update key-value bucket " + NAME + " with " + replicas
                    + " replicas (fenrir.nats.replicas; a single server keeps 1, a cluster at most its size)"
                    + " and at most " + maxBytes + " bytes: " + e.getMessage(), e);
        }
    }

    private static KeyValueConfiguration definition(FenrirConfig.Idempotency settings, long maxBytes, int replicas) {
        // A full bucket refuses new keys (a key-value bucket's discard policy is New): dropping the
        // oldest keys instead would let a retry within the TTL create a second job.
        return KeyValueConfiguration.builder().name(NAME).maxHistoryPerKey(1).ttl(settings.ttl())
                .maxBucketSize(maxBytes).replicas(replicas).storageType(StorageType.File).build();
    }
}
