package io.fenrir.api.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.StorageType;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Idempotency keys in the JetStream key-value bucket {@value #BUCKET}: file storage, one value per
 * key, each kept for fenrir.idempotency.ttl. {@code KeyValue.create} stores a value only when the
 * key has none, atomically in the server, so it decides between concurrent requests on any number
 * of API instances. It lives where the queue lives: whenever a job can be accepted, its key can be
 * checked, PostgreSQL up or not.
 */
@Startup
@ApplicationScoped
public class KeyValueIdempotencyStore implements IdempotencyStore {
    public static final String BUCKET = "fenrir_idempotency";

    private static final Logger LOG = Logger.getLogger(KeyValueIdempotencyStore.class);
    /** JetStream's "stream name already in use with a different configuration". */
    private static final int STREAM_EXISTS = 10058;
    /** JetStream's "wrong last sequence": what {@code create} gets when the key has a value. */
    private static final int WRONG_LAST_SEQUENCE = 10071;
    /** A key can vanish between a refused create and the read (its age limit): then try again. */
    private static final int ATTEMPTS = 3;

    private final KeyValue bucket;
    private final ObjectMapper json;
    private final Duration retryAfter;

    public KeyValueIdempotencyStore(FenrirConfig config, Connection connection, ObjectMapper json) throws IOException {
        this.json = json;
        this.retryAfter = config.queue().retryAfter();
        ensureBucket(connection.keyValueManagement(), config.idempotency().ttl());
        this.bucket = connection.keyValue(BUCKET, KeyValueOptions.builder()
                .jetStreamOptions(JetStreamOptions.builder().requestTimeout(config.nats().publishTimeout()).build())
                .build());
    }

    private static void ensureBucket(KeyValueManagement management, Duration ttl) throws IOException {
        KeyValueConfiguration definition = KeyValueConfiguration.builder().name(BUCKET).maxHistoryPerKey(1).ttl(ttl)
                .storageType(StorageType.File).build();
        try {
            try {
                management.create(definition);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_EXISTS) {
                    throw e;
                }
                management.update(definition);
            }
        } catch (JetStreamApiException e) {
            throw new IOException("failed to create key-value bucket " + BUCKET + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<IdempotencyRecord> reserve(IdempotencyKey key, IdempotencyRecord record) {
        String storageKey = key.storageKey();
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                try {
                    bucket.create(storageKey, json.writeValueAsBytes(record));
                    return Optional.empty();
                } catch (JetStreamApiException e) {
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
        } catch (IOException | JetStreamApiException e) {
            throw unavailable("reserve", storageKey, e);
        }
    }

    @Override
    public void save(IdempotencyKey key, IdempotencyRecord record) {
        try {
            bucket.put(key.storageKey(), json.writeValueAsBytes(record));
        } catch (IOException | JetStreamApiException e) {
            throw unavailable("save", key.storageKey(), e);
        }
    }

    private ApiException unavailable(String verb, String storageKey, Exception e) {
        LOG.warnf("failed to %s idempotency key %s: %s", verb, storageKey, e.getMessage());
        return ApiException.unavailable("queue_unavailable", "the job queue cannot check the Idempotency-Key;"
                + " nothing was accepted, retry later", retryAfter);
    }
}
