package io.fenrir.manager.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fenrir.manager.containerd.AppArmor;
import io.fenrir.manager.metrics.ManagerMetrics;
import io.fenrir.manager.pool.WorkerPool;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The manager's HTTP endpoints, on loopback: GET /health answers 200 once at least one worker is
 * warm, 503 before; the body shows the pool so operators (and tests) can see it refill. GET
 * /metrics is the Prometheus scrape ({@link ManagerMetrics}).
 */
public final class HealthServer implements AutoCloseable {
    /** The content type of Prometheus's text exposition format, which {@link ManagerMetrics#scrape} writes. */
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final WorkerPool pool;
    private final AppArmor appArmor;
    private final ObjectMapper json;
    private final ManagerMetrics metrics;

    /** The body of GET /health. */
    public record Health(String status, int poolSize, int idleWorkers, int busyWorkers, int warmingWorkers,
            AppArmor appArmor) {
    }

    public HealthServer(int port, WorkerPool pool, AppArmor appArmor, ObjectMapper json, ManagerMetrics metrics)
            throws IOException {
        this.pool = pool;
        this.json = json;
        this.appArmor = appArmor;
        this.metrics = metrics;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/health", this::health);
        server.createContext("/metrics", this::metrics);
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
        send(exchange, up ? 200 : 503, "application/json", bytes);
    }

    private void metrics(HttpExchange exchange) throws IOException {
        send(exchange, 200, PROMETHEUS_TEXT, metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
