package io.fenrir.api.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.api.metrics.Rejections;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The filter in a real Vert.x server, talked to over raw sockets, so that every way a request can
 * end is a real one: answered, failed, refused by a handler that replaces the response's end
 * handler, or abandoned by its client in the middle of the body.
 */
class IngressFilterTest {
    private static final int MAX = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InFlightLimiter limiter = new InFlightLimiter(MAX);
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final List<Socket> sockets = new ArrayList<>();
    private Vertx vertx;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        vertx = Vertx.vertx();
        IngressFilter filter = new IngressFilter(limiter, Duration.ofSeconds(2), JSON, new Rejections(registry));
        Router router = Router.router(vertx);
        router.route().handler(filter::handle);
        router.route("/q/health/ready").handler(ctx -> ctx.response().end("UP"));
        router.route("/q/metrics").handler(ctx -> ctx.response().end("# metrics"));
        router.route("/ok").handler(ctx -> ctx.response().end("ok"));
        router.route("/fail").handler(ctx -> {
            throw new IllegalStateException("boom");
        });
        // What Quarkus's upload-size check and RESTEasy's body reader do to refuse a large body.
        router.route("/too-large").handler(ctx -> ctx.response().putHeader("Connection", "close")
                .setStatusCode(413).endHandler(ignored -> { }).end());
        // Like RESTEasy: answers once the whole body has arrived.
        router.route("/body").handler(ctx -> ctx.request().body()
                .onSuccess(body -> ctx.response().end("got " + body.length())));
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0)
                .toCompletionStage().toCompletableFuture().get();
        port = server.actualPort();
    }

    @AfterEach
    void stopServer() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void anAnsweredRequestGivesItsSlotBack() throws Exception {
        assertThat(statusLine(send("GET /ok"))).contains("200");
        awaitInFlight(0);
    }

    @Test
    void overTheLimitARequestIsRefusedWith429JsonAndRetryAfterBeforeItsBodyIsRead() throws Exception {
        for (int i = 0; i < MAX; i++) {
            holdWithHalfABody();
        }
        awaitInFlight(MAX);
        // Its body is never sent: the answer comes from the headers alone.
        Socket refused = open();
        write(refused, "POST /body HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n");
        String response = readResponse(refused);
        assertThat(statusLine(response)).contains("429");
        assertThat(response).containsIgnoringCase("Retry-After: 2").containsIgnoringCase("Content-Type: application/json");
        JsonNode error = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4)).get("error");
        assertThat(error.get("code").asText()).isEqualTo("too_many_requests");
        assertThat(error.get("message").asText()).contains(String.valueOf(MAX));
        assertThat(limiter.inFlight()).isEqualTo(MAX);
        assertThat(registry.counter("fenrir.api.rejections", "status", "429", "reason", "too_many_requests").count())
                .isEqualTo(1);
    }

    @Test
    void healthProbesAndMetricScrapesAnswerWhileTheInstanceIsFull() throws Exception {
        for (int i = 0; i < MAX; i++) {
            holdWithHalfABody();
        }
        awaitInFlight(MAX);
        assertThat(statusLine(send("GET /q/health/ready"))).contains("200");
        assertThat(statusLine(send("GET /q/metrics"))).contains("200");
        assertThat(limiter.inFlight()).isEqualTo(MAX);
    }

    @Test
    void aClientThatVanishesMidBodyGivesItsSlotBack() throws Exception {
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            held.add(holdWithHalfABody());
        }
        awaitInFlight(MAX);
        for (Socket socket : held) {
            socket.setSoLinger(true, 0); // RST, as a killed client would
            socket.close();
        }
        awaitInFlight(0);
        assertThat(statusLine(send("GET /ok"))).contains("200");
    }

    @Test
    void aHeldBodyThatCompletesIsAnsweredAndGivesItsSlotBack() throws Exception {
        Socket socket = holdWithHalfABody();
        awaitInFlight(1);
        write(socket, "x".repeat(5));
        assertThat(readResponse(socket)).endsWith("got 10");
        awaitInFlight(0);
    }

    @Test
    void aFailedRequestGivesItsSlotBack() throws Exception {
        assertThat(statusLine(send("GET /fail"))).contains("500");
        awaitInFlight(0);
    }

    @Test
    void aHandlerThatReplacesTheResponsesEndHandlerStillGivesTheSlotBack() throws Exception {
        for (int i = 0; i < MAX + 2; i++) {
            assertThat(statusLine(send("GET /too-large"))).contains("413");
        }
        awaitInFlight(0);
    }

    private Socket holdWithHalfABody() throws IOException {
        Socket socket = open();
        write(socket, "POST /body HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\nxxxxx");
        return socket;
    }

    private String send(String requestLine) throws IOException {
        Socket socket = open();
        write(socket, requestLine + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        return readResponse(socket);
    }

    private Socket open() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        sockets.add(socket);
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Headers and a Content-Length body (every answer here has one). */
    private static String readResponse(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int length = -1;
        int headerEnd = -1;
        while (headerEnd < 0 || bytes.size() < headerEnd + length) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            bytes.write(b);
            String soFar = bytes.toString(StandardCharsets.US_ASCII);
            if (headerEnd < 0 && soFar.endsWith("\r\n\r\n")) {
                headerEnd = soFar.length();
                length = soFar.toLowerCase().lines().filter(l -> l.startsWith("content-length:"))
                        .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String statusLine(String response) {
        return response.lines().findFirst().orElse("");
    }

    private void awaitInFlight(int expected) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(limiter::inFlight, n -> n == expected);
    }
}
