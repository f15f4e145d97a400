package io.fenrir.platform.nats;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;

/** How a Fenrir process connects to NATS. */
public final class NatsConnections {
    private NatsConnections() {
    }

    /**
     * A connection that reconnects forever: a NATS restart must not need a Fenrir restart. {@code urls}
     * may name every node of a cluster, comma-separated ({@code Options.Builder.server} splits it):
     * the client connects to one and, when it goes, to another.
     *
     * @param name the connection's name, as nats-server's monitoring shows it
     */
    public static Connection connect(String urls, String name) throws IOException, InterruptedException {
        return Nats.connect(Options.builder().server(urls).connectionName(name).maxReconnects(-1).build());
    }
}
