package io.fenrir.api.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.api.queue.LeaderElection;
import io.fenrir.api.queue.PublishFailure;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Idempotency keys in the JetStream key-value bucket {@link IdempotencyBucket}. {@code KeyValue.create}
 * stores a value only when the key has none, atomically in the server, so it decides between
 * concurrent requests on any number of API instances. It lives where the queue lives: whenever a
 * job can be accepted, its key can be checked, PostgreSQL up or not. Writes ride out the bucket's
 * leader elections as job publishes do ({@link LeaderElection}).
 */
@Startup
@ApplicationScoped
public class KeyValueIdempotencyStore implements IdempotencyStore {
    private static final Logger LOG = Logger.getLogger(KeyValueIdempotencyStore.class);
    /** JetStream's "wrong last sequence": what {@code create} gets when the key has a value. */
    private static final int WRONG_LAST_SEQUENCE = 10071;
    /** A key can vanish between a refused create and the read (its age limit): then try again. */
    private static final int ATTEMPTS = 3;

    private final KeyValue bucket;
    private final ObjectMapper json;
    private final Duration retryAfter;
    private final Duration requestTimeout;

    public KeyValueIdempotencyStore(FenrirConfig config, Connection connection, ObjectMapper json) throws IOException {
        this.json = json;
        this.retryAfter = config.queue().retryAfter();
        this.requestTimeout = config.nats().publishTimeout();
        IdempotencyBucket.ensure(connection.keyValueManagement(), config.idempotency(), config.nats().replicas());
        this.bucket = connection.keyValue(IdempotencyBucket.NAME, KeyValueOptions.builder()
                .jetStreamOptions(JetStreamOptions.builder().requestTimeout(requestTimeout).build())
                .build());
    }

    @Override
    public Optional<IdempotencyRecord> reserve(IdempotencyKey key, IdempotencyRecord record) {
        String storageKey = key.storageKey();
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                try {
                    byte[] value = json.writeValueAsBytes(record);
                    LeaderElection.awaitLeader(requestTimeout, () -> bucket.create(storageKey, value));
                    return Optional.empty();
                } catch (JetStreamApiException e) {
                    if (PublishFailure.streamFull(e.getApiErrorCode(), e.getErrorDescription())) {
                        throw full(storageKey, e);
                    }
                    if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                        throw e;
                    }
                }
                KeyValueEntry entry = bucket.get(storageKey);
                if (entry != null && entry.getOperation() == KeyValueOperation.PUT && entry.getValue() != null) {
                    return Optional.of(json.readValue(entry.getValue(), IdempotencyRecord.class));
                }
            }
            throw new IOException("key " + storageKey + " was taken and gone " + ATTEMPTS + " times");
        } catch (IOException | JetStreamApiException | IllegalStateException e) {
            // IllegalStateException: the connection's own refusals (closed, or its reconnect buffer full).
            throw unavailable("reserve", storageKey, e);
        }
    }

    @Override
    public void save(IdempotencyKey key, IdempotencyRecord record) {
        try {
            byte[] value = json.writeValueAsBytes(record);
            LeaderElection.awaitLeader(requestTimeout, () -> bucket.put(key.storageKey(), value));
        } catch (IOException | JetStreamApiException | IllegalStateException e) {
            throw unavailable("save", key.storageKey(), e);
        }
    }

    private ApiException full(String storageKey, JetStreamApiException e) {
        LOG.warnf("refused idempotency key %s: bucket %s is full (%s); raise fenrir.idempotency.max-bytes or lower"
                + " fenrir.idempotency.ttl", storageKey, IdempotencyBucket.NAME, e.getErrorDescription());
        return ApiException.unavailable("idempotency_keys_full", "the store of " + IdempotencyKey.HEADER
                + "s is full until older keys expire; nothing was accepted, retry later (a request without the"
                + " header is not affected)", retryAfter);
    }

    private ApiException unavailable(String verb, String storageKey, Exception e) {
        LOG.warnf("failed to %s idempotency key %s: %s", verb, storageKey, e.getMessage());
        return ApiException.unavailable("queue_unavailable", "the job queue cannot check the Idempotency-Key;"
                + " nothing was accepted, retry later", retryAfter);
    }
}
