package io.fenrir.api.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.api.queue.LeaderElection;
import io.fenrir.api.queue.PublishFailure;
import io.fenrir.platform.nats.JetStreamTopology;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValueOptions;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Idempotency keys in the JetStream key-value bucket {@link IdempotencyBucket}. {@code KeyValue.create}
 * stores a value only when the key has none, atomically in the server, so it decides between
 * concurrent requests on any number of API instances. It lives where the queue lives: whenever a
 * job can be accepted, its key can be checked, PostgreSQL up or not.
 *
 * <p>Writes and reads ride out the bucket's leader elections ({@link LeaderElection}), each for up to
 * fenrir.nats.publish-timeout: a write is sent again after "no responders", a read after any failure
 * (it changes nothing). Past that, the request is refused with 503 and Retry-After, never a 500.
 */
@Startup
@ApplicationScoped
public class KeyValueIdempotencyStore implements IdempotencyStore {
    private static final Logger LOG = Logger.getLogger(KeyValueIdempotencyStore.class);
    /** A key can vanish between a refused create and the read (its age limit): then try again. */
    private static final int ATTEMPTS = 3;

    private final KeyBucket bucket;
    private final ObjectMapper json;
    private final Duration retryAfter;
    private final Duration requestTimeout;

    @Inject
    public KeyValueIdempotencyStore(FenrirConfig config, Connection connection, JetStreamTopology topology,
            ObjectMapper json) throws IOException {
        this(jetStreamBucket(config, connection, topology), json, config.queue().retryAfter(),
                config.nats().publishTimeout());
    }

    /**
     * @param requestTimeout how long one write or read may wait out an election (each request's
     *                       own timeout, in the real bucket, too)
     */
    KeyValueIdempotencyStore(KeyBucket bucket, ObjectMapper json, Duration retryAfter, Duration requestTimeout) {
        this.bucket = bucket;
        this.json = json;
        this.retryAfter = retryAfter;
        this.requestTimeout = requestTimeout;
    }

    private static KeyBucket jetStreamBucket(FenrirConfig config, Connection connection, JetStreamTopology topology)
            throws IOException {
        IdempotencyBucket.ensure(topology, config.idempotency());
        return KeyBucket.of(connection.keyValue(IdempotencyBucket.NAME, KeyValueOptions.builder()
                .jetStreamOptions(JetStreamOptions.builder().requestTimeout(config.nats().publishTimeout()).build())
                .build()));
    }

    @Override
    public Optional<IdempotencyRecord> reserve(IdempotencyKey key, IdempotencyRecord record) {
        String storageKey = key.storageKey();
        try {
            byte[] value = json.writeValueAsBytes(record);
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                if (LeaderElection.awaitLeader(requestTimeout, () -> bucket.create(storageKey, value))) {
                    return Optional.empty();
                }
                byte[] taken = LeaderElection.awaitRead(requestTimeout, () -> bucket.get(storageKey));
                if (taken != null) {
                    return Optional.of(json.readValue(taken, IdempotencyRecord.class));
                }
            }
            throw new IOException("key " + storageKey + " was taken and gone " + ATTEMPTS + " times");
        } catch (JetStreamApiException e) {
            if (PublishFailure.streamFull(e.getApiErrorCode(), e.getErrorDescription())) {
                throw full(storageKey, e);
            }
            throw unavailable("reserve", storageKey, e);
        } catch (IOException | IllegalStateException e) {
            // IllegalStateException: the connection's own refusals (closed, or its reconnect buffer full).
            throw unavailable("reserve", storageKey, e);
        }
    }

    @Override
    public void save(IdempotencyKey key, IdempotencyRecord record) {
        try {
            byte[] value = json.writeValueAsBytes(record);
            LeaderElection.awaitLeader(requestTimeout, () -> {
                bucket.put(key.storageKey(), value);
                return null;
            });
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
