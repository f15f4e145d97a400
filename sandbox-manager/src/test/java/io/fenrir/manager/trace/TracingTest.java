package io.fenrir.manager.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The manager's tracing against a real OTLP/HTTP endpoint (a JDK HTTP server decoding what it is sent). */
class TracingTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PUBLISH_SPAN_ID = "00f067aa0ba902b7";
    private static final WorkerCreation WORKER = new WorkerCreation(SpanContext.getInvalid(), Instant.now());

    /** The bodies POSTed to /v1/traces as application/x-protobuf. */
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    /** The status the collector answers: 400 refuses (and the SDK does not retry it). */
    private volatile int answer = 200;
    private HttpServer collector;

    @BeforeEach
    void startCollector() throws IOException {
        collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            try (exchange) {
                if ("application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                    received.add(exchange.getRequestBody().readAllBytes());
                }
                exchange.sendResponseHeaders(answer, -1);
            }
        });
        collector.start();
    }

    @AfterEach
    void stopCollector() {
        collector.stop(0);
    }

    @Test
    void spansContinueTheTraceOfTheMessageHeadersAndAreSentOnClose() throws Exception {
        Map<String, String> headers = Map.of("traceparent", "00-" + TRACE_ID + "-" + PUBLISH_SPAN_ID + "-01");
        String jobSpanId;
        try (Tracing tracing = Tracing.exportingTo(endpoint(), Duration.ofMinutes(1), "test")) {
            Span job = tracing.startJob(headers, "fenrir.jobs.submit.1", 1, "fenrir-w1", WORKER);
            jobSpanId = job.getSpanContext().getSpanId();
            assertThat(Tracing.traceIdOf(job)).hasValue(TRACE_ID);
            try (Scope scope = job.makeCurrent()) {
                tracing.span("record result", SpanKind.CLIENT, Tracing.POSTGRES, () -> { });
                assertThatThrownBy(() -> tracing.span("ack", SpanKind.CLIENT, Tracing.NATS, () -> {
                    throw new IOException("timed out");
                })).hasMessage("timed out");
            } finally {
                job.end();
            }
        }

        List<io.opentelemetry.proto.trace.v1.Span> spans = spans();
        assertThat(spans).extracting(io.opentelemetry.proto.trace.v1.Span::getName)
                .containsExactlyInAnyOrder(Tracing.JOB_SPAN, "record result", "ack");
        assertThat(spans).allSatisfy(span -> assertThat(hex(span.getTraceId())).isEqualTo(TRACE_ID));
        for (var span : spans) {
            assertThat(hex(span.getParentSpanId())).as(span.getName() + "'s parent")
                    .isEqualTo(span.getName().equals(Tracing.JOB_SPAN) ? PUBLISH_SPAN_ID : jobSpanId);
        }
        assertThat(spans.stream().filter(s -> s.getName().equals("ack")).findFirst().orElseThrow().getStatus()
                .getMessage()).isEqualTo("timed out");
        var job = spans.stream().filter(s -> s.getName().equals(Tracing.JOB_SPAN)).findFirst().orElseThrow();
        assertThat(job.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER);
        assertThat(job.getAttributesList()).anySatisfy(kv -> {
            assertThat(kv.getKey()).isEqualTo("fenrir.worker.id");
            assertThat(kv.getValue().getStringValue()).isEqualTo("fenrir-w1");
        });
    }

    @Test
    void theAgentsSpansArePostedAsTheAgentEncodedThem() throws Exception {
        ByteString fromAgent = ByteString.copyFrom(new byte[] {10, 0});
        URI traces = Tracing.tracesUri(endpoint());
        try (AgentSpans agentSpans = new AgentSpans(traces, new ExportFailures(traces, Duration.ofMinutes(1),
                Clock.systemUTC()))) {
            agentSpans.forward(fromAgent);
            agentSpans.forward(ByteString.copyFrom(new byte[AgentSpans.MAX_BYTES + 1]));
        }

        assertThat(received).hasSize(1);
        assertThat(received.get(0)).isEqualTo(fromAgent.toByteArray());
    }

    @Test
    void aCollectorThatRefusesEveryBatchGetsOneLineNotOnePerBatch() {
        answer = 400;
        try (LogLines log = new LogLines(ExportFailures.class)) {
            try (Tracing tracing = Tracing.exportingTo(endpoint(), Duration.ofMillis(10), "test")) {
                for (int batch = 1; batch <= 10; batch++) {
                    tracing.startWorkerCreation("fenrir-w" + batch).end();
                    int sent = batch;
                    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= sent);
                }
            }
            assertThat(log.lines()).containsExactly("WARN failed to send spans to " + Tracing.tracesUri(endpoint())
                    + ": the collector answered with an error status");
        }
    }

    @Test
    void aCollectorThatRefusesTheAgentsSpansOfEveryJobGetsOneLine() {
        answer = 400;
        URI traces = Tracing.tracesUri(endpoint());
        try (LogLines log = new LogLines(ExportFailures.class)) {
            try (AgentSpans agentSpans = new AgentSpans(traces, new ExportFailures(traces, Duration.ofMinutes(1),
                    Clock.systemUTC()))) {
                for (int job = 0; job < 20; job++) {
                    agentSpans.forward(ByteString.copyFrom(new byte[] {10, 0}));
                }
            }
            assertThat(received).hasSize(20);
            assertThat(log.lines()).containsExactly("WARN failed to send agent spans to " + traces + ": HTTP 400");
        }
    }

    @Test
    void theSdksFailureIsToldByItsCause() {
        assertThat(ReportingSpanExporter.cause(new RuntimeException("wrapped", new java.net.ConnectException(
                "Connection refused")))).isEqualTo("Connection refused");
        assertThat(ReportingSpanExporter.cause(new RuntimeException())).isEqualTo(
                "the collector answered with an error status");
        assertThat(ReportingSpanExporter.cause(null)).isEqualTo("the export failed");
    }

    @Test
    void withTracingOffNothingIsTracedOrPropagated() throws Exception {
        try (Tracing tracing = Tracing.off()) {
            Map<String, String> headers = Map.of("traceparent", "00-" + TRACE_ID + "-" + PUBLISH_SPAN_ID + "-01");
            Span job = tracing.startJob(headers, "fenrir.jobs.submit.1", 1, "fenrir-w1", WORKER);
            assertThat(Tracing.traceIdOf(job)).isEmpty();
        }
        assertThat(received).isEmpty();
    }

    @Test
    void spansGoToTheTracesPathUnderTheCollectorsBaseUrl() {
        assertThat(Tracing.tracesUri(URI.create("http://collector:4318"))).hasToString("http://collector:4318/v1/traces");
        assertThat(Tracing.tracesUri(URI.create("http://collector:4318/otlp/"))).hasToString(
                "http://collector:4318/otlp/v1/traces");
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + collector.getAddress().getPort());
    }

    private List<io.opentelemetry.proto.trace.v1.Span> spans() throws IOException {
        List<io.opentelemetry.proto.trace.v1.Span> spans = new java.util.ArrayList<>();
        for (byte[] body : received) {
            for (ResourceSpans resource : ExportTraceServiceRequest.parseFrom(body).getResourceSpansList()) {
                assertThat(resource.getResource().getAttributesList()).anySatisfy(kv -> {
                    assertThat(kv.getKey()).isEqualTo("service.name");
                    assertThat(kv.getValue().getStringValue()).isEqualTo(Tracing.SERVICE_NAME);
                });
                resource.getScopeSpansList().forEach(scope -> spans.addAll(scope.getSpansList()));
            }
        }
        return spans;
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }
}
