package io.fenrir.it.harness;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real nats-server with JetStream on a free loopback port; file storage in the temp dir, so streams survive
 * {@link #kill} and {@link #restart}. max_payload is 8 MB, as in deploy/local/up.sh (job sources are up to 1 MiB
 * plus JSON). A node of a {@link NatsCluster} also has its name, its cluster block and a monitoring port.
 */
public final class NatsServer extends LocalService<NatsServer> {
    private final int port = FreePorts.find();
    private final Membership membership;

    /**
     * What a node of a cluster needs to know before it starts.
     *
     * @param clusterName    the cluster's name, the same on every node
     * @param serverName     this node's name, unique in the cluster (JetStream's peer name)
     * @param routePort      where this node listens for the other nodes
     * @param routePorts     every node's route port, this one's included (nats-server skips itself)
     * @param monitoringPort this node's HTTP monitoring port (/jsz)
     */
    public record Membership(String clusterName, String serverName, int routePort, List<Integer> routePorts,
            int monitoringPort) {
    }

    /** A server on its own. */
    public NatsServer() {
        this(null);
    }

    /** A node of a cluster. */
    public NatsServer(Membership membership) {
        super("nats-server", "TERM");
        this.membership = membership;
    }

    /** nats://127.0.0.1:PORT */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** JetStream's store_dir. */
    public Path storeDir() {
        return dir().resolve("jetstream");
    }

    /** This node's name in its cluster. */
    public String serverName() {
        return membership.serverName();
    }

    /** http://127.0.0.1:PORT of a cluster node's monitoring endpoints. */
    public String monitoringUrl() {
        return "http://127.0.0.1:" + membership.monitoringPort();
    }

    @Override
    protected void prepare() throws Exception {
        String config = """
                listen: 127.0.0.1:%d
                max_payload: 8MB
                jetstream {
                  store_dir: "%s"
                }
                """.formatted(port, storeDir());
        if (membership != null) {
            config += """
                    server_name: %s
                    http: 127.0.0.1:%d
                    cluster {
                      name: %s
                      listen: 127.0.0.1:%d
                      routes: [%s]
                    }
                    """.formatted(membership.serverName(), membership.monitoringPort(), membership.clusterName(),
                    membership.routePort(), membership.routePorts().stream()
                            .map(p -> "nats-route://127.0.0.1:" + p).collect(Collectors.joining(", ")));
        }
        Files.writeString(dir().resolve("nats.conf"), config);
    }

    @Override
    protected List<String> command() {
        return List.of("nats-server", "-c", dir().resolve("nats.conf").toString());
    }

    /** Ready when a client gets the server's INFO line and it announces JetStream. */
    @Override
    protected ManagedProcess.Probe readiness() {
        return () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                socket.setSoTimeout(1000);
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                String info = in.readLine();
                return info != null && info.startsWith("INFO ") && info.contains("\"jetstream\":true");
            }
        };
    }
}
