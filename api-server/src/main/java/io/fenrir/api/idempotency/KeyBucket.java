package io.fenrir.api.idempotency;

import io.fenrir.platform.nats.JetStreamErrors;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import java.io.IOException;

/**
 * The three operations {@link KeyValueIdempotencyStore} makes on its key-value bucket, so that its
 * retries and refusals can be tested on an in-memory bucket. Each is one JetStream request and
 * throws what jnats throws for it.
 */
interface KeyBucket {

    /** Stores VALUE under KEY if KEY has no value; false when it has one (nothing is stored). */
    boolean create(String key, byte[] value) throws IOException, JetStreamApiException;

    /** KEY's value, or null when it has none (never set, deleted, or expired). */
    byte[] get(String key) throws IOException, JetStreamApiException;

    /** Stores VALUE under KEY, replacing any value. */
    void put(String key, byte[] value) throws IOException, JetStreamApiException;

    /** The bucket in JetStream. */
    static KeyBucket of(KeyValue bucket) {
        return new KeyBucket() {
            @Override
            public boolean create(String key, byte[] value) throws IOException, JetStreamApiException {
                try {
                    bucket.create(key, value);
                    return true;
                } catch (JetStreamApiException e) {
                    if (e.getApiErrorCode() == JetStreamErrors.WRONG_LAST_SEQUENCE) { // the key has a value
                        return false;
                    }
                    throw e;
                }
            }

            @Override
            public byte[] get(String key) throws IOException, JetStreamApiException {
                KeyValueEntry entry = bucket.get(key);
                return entry != null && entry.getOperation() == KeyValueOperation.PUT ? entry.getValue() : null;
            }

            @Override
            public void put(String key, byte[] value) throws IOException, JetStreamApiException {
                bucket.put(key, value);
            }
        };
    }
}
