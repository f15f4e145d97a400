package io.fenrir.api.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.api.metrics.Rejections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filter in a real Vert.x server, spoken to over a raw socket as a client without Expect: 100-continue. */
class OversizedBodyFilterTest {
    private static final long MAX_BODY = 1024;
    private static final long MAX_DRAINED = 1 << 20;

    private Vertx vertx;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        vertx = Vertx.vertx();
        OversizedBodyFilter filter = new OversizedBodyFilter(MAX_BODY, MAX_DRAINED, new ObjectMapper(),
                new Rejections(new SimpleMeterRegistry()));
        Router router = Router.router(vertx);
        router.route().handler(filter::handle);
        router.route("/jobs").handler(ctx -> ctx.request().body().onSuccess(body -> ctx.response().end("got "
                + body.length())));
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0)
                .toCompletionStage().toCompletableFuture().get();
        port = server.actualPort();
    }

    @AfterEach
    void stopServer() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void aClientThatWritesItsWholeBodyFirstReadsTheJson413() throws Exception {
        String answer = post(512 * 1024, "");

        assertThat(answer).startsWith("HTTP/1.1 413").contains("\"code\":\"payload_too_large\"")
                .containsIgnoringCase("content-type: application/json");
    }

    @Test
    void aClientThatWaitsForContinueIsAnsweredAtOnce() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .startsWith("HTTP/1.1 413").contains("payload_too_large");
        }
    }

    @Test
    void aBodyWithinTheLimitPasses() throws Exception {
        assertThat(post(100, "Connection: close\r\n")).startsWith("HTTP/1.1 200").endsWith("got 100");
    }

    private String post(int bytes, String extraHeaders) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Length: " + bytes + "\r\n" + extraHeaders + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[bytes]);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
