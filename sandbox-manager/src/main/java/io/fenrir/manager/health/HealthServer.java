package io.fenrir.manager.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fenrir.manager.pool.WorkerPool;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * GET /health on loopback: 200 once at least one worker is warm, 503 before; the body shows the
 * pool so operators (and tests) can see it refill.
 */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;
    private final WorkerPool pool;

    public HealthServer(int port, WorkerPool pool) throws IOException {
        this.pool = pool;
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
        String body = String.format("{\"status\":\"%s\",\"poolSize\":%d,\"idleWorkers\":%d,\"busyWorkers\":%d,\"warmingWorkers\":%d}",
                up ? "UP" : "DOWN", pool.size(), idle, busy, pool.warmingCount());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
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
