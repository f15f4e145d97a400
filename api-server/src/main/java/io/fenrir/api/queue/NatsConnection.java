package io.fenrir.api.queue;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.platform.nats.JetStreamTopology;
import io.fenrir.platform.nats.NatsConnections;
import io.nats.client.Connection;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * The process's one NATS connection, shared by the job publisher and the language catalog's
 * key-value reads, reconnecting forever to any node of fenrir.nats.url ({@link NatsConnections});
 * and the topology that creates this server's stream and bucket on it with fenrir.nats.replicas.
 */
public class NatsConnection {

    @Produces
    @Singleton
    Connection connect(FenrirConfig config) throws IOException, InterruptedException {
        return NatsConnections.connect(config.nats().url(), "fenrir-api");
    }

    @Produces
    @Singleton
    JetStreamTopology topology(Connection connection, FenrirConfig config) throws IOException {
        return new JetStreamTopology(connection, config.nats().replicas());
    }

    void close(@Disposes Connection connection) throws InterruptedException {
        connection.close();
    }
}
