package io.fenrir.manager.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fenrir.manager.containerd.AppArmor;
import io.fenrir.manager.pool.WorkerPool;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/**
 * GET /health on loopback: 200 once at least one worker is warm, 503 before; the body shows the
 * pool so operators (and tests) can see it refill.
 */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;
    private final WorkerPool pool;
    private final AppArmor appArmor;
    private final ObjectMapper json;

    /** The body of GET /health. */
    public record Health(String status, int poolSize, int idleWorkers, int busyWorkers, int warmingWorkers,
            AppArmor appArmor) {
    }

    public HealthServer(int port, WorkerPool pool, AppArmor appArmor, ObjectMapper json) throws IOException {
        this.pool = pool;
        this.json = json;
        this.appArmor = appArmor;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/health", this::health);
    }

    public void start() {
        server.start();
    }

    private void health(HttpExchange exchange) throws IOException {
        int idle = pool.idleCount();
        int busy = pool.busyCount();
        boolean up = idle + busy > 0;
        byte[] bytes = json.writeValueAsBytes(new Health(up ? "UP" : "DOWN", pool.size(), idle, busy,
                pool.warmingCount(), appArmor));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(up ? 200 : 503, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
