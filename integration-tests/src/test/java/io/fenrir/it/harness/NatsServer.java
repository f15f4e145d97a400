package io.fenrir.it.harness;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real nats-server with JetStream on a free loopback port; file storage in the temp dir, so streams survive
 * {@link #kill} and {@link #restart}. max_payload is 8 MB, as in deploy/local/up.sh (job sources are up to 1 MiB
 * plus JSON).
 */
public final class NatsServer extends LocalService<NatsServer> {
    private final int port = FreePorts.find();

    public NatsServer() {
        super("nats-server", "TERM");
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

    @Override
    protected void prepare() throws Exception {
        Files.writeString(dir().resolve("nats.conf"), """
                listen: 127.0.0.1:%d
                max_payload: 8MB
                jetstream {
                  store_dir: "%s"
                }
                """.formatted(port, storeDir()));
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
