package io.fenrir.manager.trace;

import com.google.protobuf.ByteString;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the spans an agent recorded to the collector, as the agent encoded them (an OTLP export
 * request): the agent's container has no network. They come from the sandboxed side, so their size
 * is bounded; their content is the collector's to judge, as any client's.
 */
final class AgentSpans implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentSpans.class);
    /** An honest Run has a handful of spans, a few KiB. */
    static final int MAX_BYTES = 256 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI traces;
    private final ExportFailures failures;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * @param traces   the collector's OTLP/HTTP traces URL
     * @param failures where failed sends are told (one line a minute at most, not one per job)
     */
    AgentSpans(URI traces, ExportFailures failures) {
        this.traces = traces;
        this.failures = failures;
    }

    /** Sends {@code exportRequest} in the background: a collector that is down never holds a job up. */
    void forward(ByteString exportRequest) {
        if (exportRequest.size() > MAX_BYTES) {
            LOG.warn("dropping {} bytes of agent spans: more than {} bytes", exportRequest.size(), MAX_BYTES);
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(traces).timeout(TIMEOUT)
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(exportRequest.toByteArray())).build();
        CompletableFuture<HttpResponse<Void>> sent = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        inFlight.add(sent);
        sent.whenComplete((response, failure) -> {
            inFlight.remove(sent);
            if (failure != null) {
                failures.failed("agent spans", failure.getMessage() != null ? failure.getMessage() : failure.toString());
            } else if (response.statusCode() / 100 != 2) {
                failures.failed("agent spans", "HTTP " + response.statusCode());
            } else {
                failures.succeeded();
            }
        });
    }

    @Override
    public void close() {
        CompletableFuture<?> all = CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new));
        try {
            all.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("stopping with agent spans not sent: {}", e.getMessage());
        }
    }
}
