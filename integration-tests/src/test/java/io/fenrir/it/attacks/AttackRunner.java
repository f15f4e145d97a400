package io.fenrir.it.attacks;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Submits attacks through the public API a few at a time and waits for each job to finish. An attack
 * with {@code after-start: NAME} is submitted only once NAME's job has left the queue, so that it runs beside
 * it or after it, never before.
 */
final class AttackRunner implements AutoCloseable {
    /** On this host, from submission: the queue (a few jobs ahead), a compile step (30 s at most) and a run (60 s). */
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
    private static final Set<String> FINISHED = Set.of("COMPLETED", "FAILED");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What became of one attack.
     *
     * @param httpStatus the answer to POST /jobs
     * @param response   its body (the job, or the error)
     * @param job        the finished job (GET /jobs/{id}), null when refused
     * @param stdout     GET /jobs/{id}/output, "" when refused; likewise stderr and compileOutput
     */
    record Outcome(Attack attack, int httpStatus, String response, JsonNode job, String stdout, String stderr,
            String compileOutput) {

        String output(String stream) {
            return switch (stream) {
                case "stdout" -> stdout;
                case "stderr" -> stderr;
                case "compile-output" -> compileOutput;
                default -> throw new IllegalArgumentException("no stream " + stream);
            };
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final Map<String, List<String>> placeholders;
    private final ExecutorService inFlight;
    private final Duration jobTimeout;
    private final Map<String, CompletableFuture<String>> jobIds = new ConcurrentHashMap<>();

    /** At most PARALLEL attacks submitted and not yet finished at a time, each given JOB_TIMEOUT to finish. */
    AttackRunner(String baseUrl, int parallel, Map<String, List<String>> placeholders) {
        this(baseUrl, parallel, placeholders, JOB_TIMEOUT);
    }

    /** As above, each job given jobTimeout from its submission to its end instead: a slower platform needs more. */
    AttackRunner(String baseUrl, int parallel, Map<String, List<String>> placeholders, Duration jobTimeout) {
        this.baseUrl = baseUrl;
        this.placeholders = placeholders;
        this.jobTimeout = jobTimeout;
        this.inFlight = Executors.newFixedThreadPool(parallel, runnable -> {
            Thread thread = new Thread(runnable, "attack-runner");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts every attack, in order; each future completes when its job has finished or was refused. */
    Map<String, CompletableFuture<Outcome>> runAll(List<Attack> attacks) {
        attacks.forEach(attack -> jobIds.put(attack.name(), new CompletableFuture<>()));
        Map<String, CompletableFuture<Outcome>> outcomes = new LinkedHashMap<>();
        for (Attack attack : attacks) {
            outcomes.put(attack.name(), CompletableFuture.supplyAsync(() -> run(attack), inFlight));
        }
        return outcomes;
    }

    private Outcome run(Attack attack) {
        try {
            String dependency = attack.submission().afterStart();
            if (dependency != null) {
                awaitStarted(dependency);
            }
            HttpResponse<String> accepted = send(HttpRequest.newBuilder(uri("/jobs"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(attack.request(placeholders).toString())));
            if (accepted.statusCode() != 202) {
                jobIds.get(attack.name()).complete(null);
                return new Outcome(attack, accepted.statusCode(), accepted.body(), null, "", "", "");
            }
            String id = JSON.readTree(accepted.body()).get("id").asText();
            jobIds.get(attack.name()).complete(id);
            JsonNode job = await().atMost(jobTimeout).pollInterval(Duration.ofMillis(200))
                    .until(() -> job(id), j -> FINISHED.contains(j.path("status").asText()));
            return new Outcome(attack, 202, accepted.body(), job, get("/jobs/" + id + "/output"),
                    get("/jobs/" + id + "/stderr"), get("/jobs/" + id + "/compile-output"));
        } catch (IOException e) {
            throw new UncheckedIOException(attack.file() + ": " + e.getMessage(), e);
        } finally {
            jobIds.get(attack.name()).complete(null); // a failed submission: nobody waits for it any longer
        }
    }

    /** Waits until attack NAME's job is RUNNING or finished (or was refused: then there is nothing to wait for). */
    private void awaitStarted(String name) {
        CompletableFuture<String> id = jobIds.get(name);
        if (id == null) {
            throw new IllegalArgumentException("after-start names no attack: " + name);
        }
        String jobId = id.join();
        if (jobId != null) {
            await().atMost(jobTimeout).pollInterval(Duration.ofMillis(100))
                    .until(() -> !job(jobId).path("status").asText().equals("QUEUED"));
        }
    }

    private JsonNode job(String id) throws IOException {
        return JSON.readTree(get("/jobs/" + id));
    }

    private String get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET()).body();
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to call the API", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the API", e);
        }
    }

    @Override
    public void close() {
        inFlight.shutdownNow();
    }
}
