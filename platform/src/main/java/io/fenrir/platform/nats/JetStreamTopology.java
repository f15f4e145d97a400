package io.fenrir.platform.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the JetStream streams and key-value buckets a process owns exist as it defines them, each
 * with the replicas of FENRIR_NATS_REPLICAS: creates one that is missing, and brings one that an
 * earlier version, another instance or another replica count made up to date. nats-server copies a
 * stream to its new peers (or drops copies) while it stays in use.
 *
 * <p>The definitions stay with their owners (the API's job stream and idempotency bucket, the
 * manager's dead letters and languages bucket); this class only applies them.
 */
public final class JetStreamTopology {
    /** JetStream keeps 1 to 5 copies of a stream. */
    public static final int MAX_REPLICAS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamTopology.class);

    private final JetStreamManagement streams;
    private final KeyValueManagement buckets;
    private final int replicas;

    /** @throws IllegalArgumentException when {@code replicas} is outside JetStream's 1 to 5 */
    public JetStreamTopology(Connection connection, int replicas) throws IOException {
        if (!validReplicas(replicas)) {
            throw new IllegalArgumentException("FENRIR_NATS_REPLICAS is " + replicas + "; it must be 1 to "
                    + MAX_REPLICAS);
        }
        this.streams = connection.jetStreamManagement();
        this.buckets = connection.keyValueManagement();
        this.replicas = replicas;
    }

    /** Whether JetStream can keep {@code replicas} copies of a stream. */
    public static boolean validReplicas(int replicas) {
        return replicas >= 1 && replicas <= MAX_REPLICAS;
    }

    /** The stream {@code definition}, with this process's replicas; one that exists is updated to it. */
    public void ensureStream(StreamConfiguration definition) throws IOException {
        ensureStream(definition, current -> definition);
    }

    /**
     * The stream {@code definition}, with this process's replicas; one that exists with another
     * definition is updated to {@code forExisting} of what it is now (e.g. to keep a limit that
     * lowering would make nats-server apply by deleting messages).
     */
    public void ensureStream(StreamConfiguration definition, Function<StreamInfo, StreamConfiguration> forExisting)
            throws IOException {
        ensure(new Resources<StreamConfiguration, StreamInfo>() {
            @Override
            public String kind() {
                return "stream";
            }

            @Override
            public void create(StreamConfiguration stream) throws IOException, JetStreamApiException {
                streams.addStream(stream);
            }

            @Override
            public StreamInfo read(String name) throws IOException, JetStreamApiException {
                return streams.getStreamInfo(name);
            }

            @Override
            public int replicas(StreamInfo current) {
                return current.getConfiguration().getReplicas();
            }

            @Override
            public void update(StreamConfiguration stream) throws IOException, JetStreamApiException {
                streams.updateStream(stream);
            }
        }, definition.getName(), withReplicas(definition), current -> withReplicas(forExisting.apply(current)),
                replicas);
    }

    /** The key-value bucket {@code definition}, with this process's replicas; one that exists is updated to it. */
    public void ensureBucket(KeyValueConfiguration definition) throws IOException {
        ensureBucket(definition, current -> definition);
    }

    /** As {@link #ensureStream(StreamConfiguration, Function)}, for a key-value bucket. */
    public void ensureBucket(KeyValueConfiguration definition,
            Function<KeyValueStatus, KeyValueConfiguration> forExisting) throws IOException {
        ensure(new Resources<KeyValueConfiguration, KeyValueStatus>() {
            @Override
            public String kind() {
                return "key-value bucket";
            }

            @Override
            public void create(KeyValueConfiguration bucket) throws IOException, JetStreamApiException {
                buckets.create(bucket);
            }

            @Override
            public KeyValueStatus read(String name) throws IOException, JetStreamApiException {
                return buckets.getStatus(name);
            }

            @Override
            public int replicas(KeyValueStatus current) {
                return current.getReplicas();
            }

            @Override
            public void update(KeyValueConfiguration bucket) throws IOException, JetStreamApiException {
                buckets.update(bucket);
            }
        }, definition.getBucketName(), withReplicas(definition), current -> withReplicas(forExisting.apply(current)),
                replicas);
    }

    /**
     * Creates {@code definition}; when a resource of that name exists with another definition
     * (JetStream accepts a create of the very same one), updates it to {@code forExisting} of it.
     */
    static <C, I> void ensure(Resources<C, I> resources, String name, C definition, Function<I, C> forExisting,
            int replicas) throws IOException {
        try {
            try {
                resources.create(definition);
                LOG.info("{} {} ready (replicas: {})", resources.kind(), name, replicas);
                return;
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != JetStreamErrors.STREAM_NAME_IN_USE) {
                    throw e;
                }
            }
            I current = resources.read(name);
            int had = resources.replicas(current);
            if (had != replicas) {
                LOG.info("changing the replicas of {} {} from {} to {} (FENRIR_NATS_REPLICAS)", resources.kind(), name,
                        had, replicas);
            }
            resources.update(forExisting.apply(current));
            LOG.info("{} {} updated (replicas: {})", resources.kind(), name, replicas);
        } catch (JetStreamApiException e) {
            throw new IOException("failed to create or update " + resources.kind() + " " + name + " with " + replicas
                    + " replicas (FENRIR_NATS_REPLICAS; a single server keeps 1, a cluster at most its size): "
                    + e.getMessage(), e);
        }
    }

    private StreamConfiguration withReplicas(StreamConfiguration stream) {
        return StreamConfiguration.builder(stream).replicas(replicas).build();
    }

    private KeyValueConfiguration withReplicas(KeyValueConfiguration bucket) {
        return KeyValueConfiguration.builder(bucket).replicas(replicas).build();
    }

    /** One kind of JetStream resource, as {@link #ensure} works on it; apart from jnats for the tests. */
    interface Resources<C, I> {
        String kind();

        void create(C definition) throws IOException, JetStreamApiException;

        I read(String name) throws IOException, JetStreamApiException;

        int replicas(I current);

        void update(C definition) throws IOException, JetStreamApiException;
    }
}
