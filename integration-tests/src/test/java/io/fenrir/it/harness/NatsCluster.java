package io.fenrir.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Three real nats-server nodes on loopback forming one cluster, each with JetStream on file storage in its own
 * temp dir: NATS as Fenrir runs it across several machines (docs/operations.md). {@link #start} returns once
 * every node is up and JetStream's meta group has a leader that sees every other node as current, so a stream
 * with 3 replicas can be created at once. Each node can be stopped, killed and restarted on its own
 * ({@link #node}); {@link #awaitWhole} waits until a restarted node has caught up.
 */
public final class NatsCluster implements AutoCloseable {
    public static final int SIZE = 3;
    private static final String NAME = "fenrir-it";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<NatsServer> nodes;

    public NatsCluster() {
        List<Integer> routePorts = IntStream.range(0, SIZE).mapToObj(i -> FreePorts.find()).toList();
        this.nodes = IntStream.range(0, SIZE).mapToObj(i -> new NatsServer(new NatsServer.Membership(NAME,
                "n" + (i + 1), routePorts.get(i), routePorts, FreePorts.find()))).toList();
    }

    /** Starts every node and waits until the cluster is whole; closes what started if it is not. */
    public NatsCluster start() {
        try {
            nodes.forEach(NatsServer::start);
            awaitWhole();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /** Every node's URL, comma-separated: what FENRIR_NATS_URL holds for a cluster. */
    public String url() {
        return nodes.stream().map(NatsServer::url).collect(Collectors.joining(","));
    }

    public List<NatsServer> nodes() {
        return nodes;
    }

    /** The node of that server name (JetStream names peers and leaders by it, e.g. in a stream's cluster info). */
    public NatsServer node(String serverName) {
        return nodes.stream().filter(n -> n.serverName().equals(serverName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node named " + serverName + " in " + url()));
    }

    /**
     * Waits until every node runs and agrees on one meta leader, and that leader sees the other nodes as
     * current (a restarted node has caught up with the meta group). Fails with each node's view otherwise.
     */
    public void awaitWhole() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        List<MetaView> views = List.of();
        while (Instant.now().isBefore(deadline)) {
            views = nodes.stream().map(NatsCluster::metaView).toList();
            if (whole(views)) {
                return;
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("NATS cluster not whole within " + READY_TIMEOUT + "; each node's view: "
                + views + "\n---- last lines of " + nodes.get(0).logFile() + ":\n" + nodes.get(0).logTail(20));
    }

    /**
     * One node's view of JetStream's meta group, from its /jsz.
     *
     * @param leader       the leader's server name; empty while there is none or the node does not answer
     * @param currentPeers the other nodes the leader sees as current (0 on a node that is not the leader)
     */
    private record MetaView(String leader, int currentPeers) {
    }

    private static boolean whole(List<MetaView> views) {
        String leader = views.get(0).leader();
        return !leader.isEmpty() && views.stream().allMatch(v -> v.leader().equals(leader))
                && views.stream().anyMatch(v -> v.currentPeers() == SIZE - 1);
    }

    private static MetaView metaView(NatsServer node) {
        if (!node.isRunning()) {
            return new MetaView("", 0);
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(node.monitoringUrl() + "/jsz"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode meta = JSON.readTree(response.body()).path("meta_cluster");
            int current = 0;
            for (JsonNode peer : meta.path("replicas")) {
                current += peer.path("current").asBoolean() ? 1 : 0;
            }
            return new MetaView(meta.path("leader").asText(""), current);
        } catch (IOException e) {
            return new MetaView("", 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + node.monitoringUrl(), e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the NATS cluster", e);
        }
    }

    /** Stops every node and deletes its dir. */
    @Override
    public void close() {
        nodes.forEach(NatsServer::close);
    }
}
