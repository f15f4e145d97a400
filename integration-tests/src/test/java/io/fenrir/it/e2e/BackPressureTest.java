package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.observability.Scrape;
import io.fenrir.it.stack.FenrirStack;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StreamConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure at the API (issue 4): an instance takes at most FENRIR_INGRESS_MAX_IN_FLIGHT
 * requests at once and refuses the next with 429 from its headers; the queue holds at most
 * FENRIR_QUEUE_MAX_PENDING jobs and refuses the next with 503 queue_full. Both refusals carry
 * Retry-After, and both lift as soon as there is room again.
 */
@Tag("e2e")
class BackPressureTest {
    private static final int MAX_IN_FLIGHT = 4;
    private static final int MAX_PENDING = 3;
    /** A job the API refuses (422) once its body has arrived: held requests never make jobs. */
    private static final String REFUSED_JOB = "{\"language\":\"cobol\",\"source\":\"DISPLAY 'HI'.\"}";
    private static final String JOB = "{\"language\":\"python\",\"source\":\"print('queued')\"}";

    private static FenrirStack stack;
    private static Http http;

    @BeforeAll
    static void startPlatform() {
        stack = FenrirStack.start(1, Map.of(
                "FENRIR_INGRESS_MAX_IN_FLIGHT", Integer.toString(MAX_IN_FLIGHT),
                "FENRIR_QUEUE_MAX_PENDING", Integer.toString(MAX_PENDING)));
        http = new Http(stack.api.baseUrl());
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void beyondMaxInFlightTheNextRequestIsRefusedAt429QuicklyUntilASlotFrees() throws Exception {
        List<HeldRequest> held = new ArrayList<>();
        for (int i = 0; i < MAX_IN_FLIGHT; i++) {
            held.add(HeldRequest.open(stack.api.baseUrl(), REFUSED_JOB));
        }
        awaitInFlight(MAX_IN_FLIGHT);

        long start = System.nanoTime();
        HttpResponse<String> refused = http.postJson("/jobs", JOB);
        long millis = (System.nanoTime() - start) / 1_000_000;
        Http.assertError(refused, 429, "too_many_requests");
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(millis).as("a refusal is decided from the headers").isLessThan(1000);
        Http.assertError(http.get("/languages"), 429, "too_many_requests");
        String id = UUID.randomUUID().toString();
        Http.assertError(http.get("/jobs/" + id), 429, "too_many_requests");
        // Health probes and metric scrapes are not requests to refuse: they answer while the instance is full.
        assertThat(http.get("/q/health/ready").statusCode()).isEqualTo(200);
        assertThat(inFlight()).isEqualTo(MAX_IN_FLIGHT);
        Scrape metrics = Scrape.of(stack.api.metricsUrl());
        assertThat(metrics.sum("fenrir_api_requests_in_flight", Map.of())).isEqualTo(MAX_IN_FLIGHT);
        assertThat(metrics.sum("fenrir_api_rejections_total", Map.of("status", "429", "reason", "too_many_requests")))
                .isEqualTo(3);
        // Refused before RESTEasy routed it, the request still has its path's template as a label, not the id.
        assertThat(metrics.sum("http_server_requests_seconds_count", Map.of("uri", "/jobs/{id}", "status", "429")))
                .isEqualTo(1);
        assertThat(metrics.samples()).noneMatch(sample -> sample.labels().toString().contains(id));

        // Two held requests complete (and are answered), two clients vanish mid-body.
        assertThat(held.get(0).finish()).startsWith("HTTP/1.1 422");
        assertThat(held.get(1).finish()).startsWith("HTTP/1.1 422");
        held.get(2).abort();
        held.get(3).abort();
        awaitInFlight(0);
        assertThat(http.get("/languages").statusCode()).isEqualTo(200);
    }

    @Test
    void theStreamHoldsAtMostMaxPendingJobsAndRefusesNewOnes() {
        StreamConfiguration config = JobQueueProbe.info(stack).getConfiguration();
        assertThat(config.getMaxMsgs()).isEqualTo(MAX_PENDING);
        assertThat(config.getDiscardPolicy()).isEqualTo(DiscardPolicy.New);
    }

    @Test
    void whenTheQueueIsFullTheNextJobIsA503QueueFullAndTheQueuedOnesRunOnceTheManagerIsBack() {
        stack.manager.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> JobQueueProbe.messages(stack) == 0);
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < MAX_PENDING; i++) {
            queued.add(http.submit(Http.JSON.valueToTree(Map.of("language", "python", "source", "print(" + i + ")"))));
        }

        HttpResponse<String> full = http.postJson("/jobs", JOB);
        JsonNode error = Http.assertError(full, 503, "queue_full");
        assertThat(error.get("message").asText()).contains("nothing was accepted");
        assertThat(full.headers().firstValue("Retry-After")).contains("5");
        assertThat(JobQueueProbe.messages(stack)).isEqualTo(MAX_PENDING);

        stack.manager.start();
        for (int i = 0; i < MAX_PENDING; i++) {
            String id = queued.get(i);
            assertThat(http.awaitFinished(id).get("verdict").asText()).isEqualTo("OK");
            assertThat(http.get("/jobs/" + id + "/output").body()).isEqualTo(i + "\n");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> JobQueueProbe.messages(stack) == 0);
        assertThat(http.awaitFinished(http.submit(Http.JSON.valueToTree(Map.of("language", "python", "source",
                "print('room again')")))).get("verdict").asText()).isEqualTo("OK");
    }

    private static void awaitInFlight(int expected) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(BackPressureTest::inFlight,
                n -> n == expected);
    }

    /** Requests this API instance is handling, as /q/health/group/ingress reports them. */
    private static int inFlight() {
        JsonNode check = Http.json(http.get("/q/health/group/ingress")).get("checks").get(0);
        return check.get("data").get("inFlight").asInt();
    }

    /** A POST /jobs on its own connection whose body is sent in two halves, the second only on demand. */
    private static final class HeldRequest {
        private final Socket socket;
        private final byte[] rest;

        private HeldRequest(Socket socket, byte[] rest) {
            this.socket = socket;
            this.rest = rest;
        }

        static HeldRequest open(String baseUrl, String body) throws IOException {
            URI uri = URI.create(baseUrl);
            Socket socket = new Socket(uri.getHost(), uri.getPort());
            socket.setSoTimeout(30_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            int half = bytes.length / 2;
            String head = "POST /jobs HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes, 0, half);
            socket.getOutputStream().flush();
            byte[] rest = new byte[bytes.length - half];
            System.arraycopy(bytes, half, rest, 0, rest.length);
            return new HeldRequest(socket, rest);
        }

        /** Sends the rest of the body; the whole answer (the server closes the connection after it). */
        String finish() throws IOException {
            socket.getOutputStream().write(rest);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            socket.close();
            return answer.toString(StandardCharsets.UTF_8);
        }

        /** The client vanishes mid-body: a reset, as when its process is killed. */
        void abort() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }
    }
}
