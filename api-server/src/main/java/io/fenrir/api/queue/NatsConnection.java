package io.fenrir.api.queue;

import io.fenrir.api.config.FenrirConfig;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * The process's one NATS connection, shared by the job publisher and the language catalog's
 * key-value reads. It reconnects forever: a NATS restart must not need an API restart. The URL may
 * name every node of a cluster, comma-separated ({@code Options.Builder.server} splits it): the
 * client connects to one and, when it goes, to another.
 */
public class NatsConnection {

    @Produces
    @Singleton
    Connection connect(FenrirConfig config) throws IOException, InterruptedException {
        return Nats.connect(Options.builder()
                .server(config.nats().url())
                .connectionName("fenrir-api")
                .maxReconnects(-1)
                .build());
    }

    void close(@Disposes Connection connection) throws InterruptedException {
        connection.close();
    }
}
