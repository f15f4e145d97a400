package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fenrir.it.harness.OtlpReceiver;
import io.fenrir.it.harness.OtlpReceiver.ReceivedSpan;
import io.fenrir.it.stack.FenrirStack;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One trace per job across the three processes: the API, the sandbox manager and the worker agent
 * (whose spans the manager forwards) all send theirs to a real OTLP/HTTP receiver, and the spans of
 * one job share one trace id and hang together by their parent links.
 */
@Tag("e2e")
class TracingTest {
    private static final String API = "fenrir-api-server";
    private static final String MANAGER = "fenrir-sandbox-manager";
    private static final String AGENT = "fenrir-worker-agent";
    private static final String AGENT_RUN = "fenrir.agent.v1.Agent/Run";
    private static OtlpReceiver receiver;
    private static FenrirStack stack;
    private static Http http;

    @BeforeAll
    static void startPlatform() {
        receiver = OtlpReceiver.start();
        // Spans are sent in batches every 200 ms instead of 5 s, so the test waits less.
        stack = FenrirStack.start(1, Map.of("FENRIR_OTLP_ENDPOINT", receiver.endpoint(),
                "FENRIR_OTLP_SCHEDULE_DELAY_MS", "200"));
        http = new Http(stack.api.baseUrl());
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aCompiledJobIsOneTraceFromTheRequestThroughTheManagerToTheAgentsSteps() {
        String id = http.submit(job("c", "#include <stdio.h>\nint main(void){puts(\"traced\");return 0;}", 10_000));
        JsonNode done = http.awaitFinished(id);
        assertThat(done.get("verdict").asText()).as(done.toString()).isEqualTo("OK");
        String traceId = done.get("traceId").asText();
        assertThat(traceId).matches("[0-9a-f]{32}");

        Trace trace = awaitSpans(traceId, "POST /jobs", "publish", "job", "mark running", AGENT_RUN, "store output",
                "record result", "ack", "compile", "run");
        assertThat(trace.spans).extracting(ReceivedSpan::service).containsOnly(API, MANAGER, AGENT)
                .contains(API, MANAGER, AGENT);

        ReceivedSpan request = trace.one(API, "POST /jobs");
        assertThat(request.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
        ReceivedSpan publish = trace.one(API, "publish");
        assertThat(publish.kind()).isEqualTo(SpanKind.SPAN_KIND_PRODUCER);
        assertThat(publish.parentSpanId()).isEqualTo(request.spanId());

        ReceivedSpan job = trace.one(MANAGER, "job");
        assertThat(job.kind()).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
        assertThat(job.parentSpanId()).as("the job span's parent").isEqualTo(publish.spanId());
        assertThat(job.attribute("fenrir.job.id")).hasValue(id);
        assertThat(job.attribute("fenrir.job.attempt")).hasValue("1");
        for (String step : List.of("mark running", AGENT_RUN, "store output", "record result", "ack")) {
            assertThat(trace.one(MANAGER, step).parentSpanId()).as(step + "'s parent").isEqualTo(job.spanId());
        }
        ReceivedSpan dispatch = trace.one(MANAGER, AGENT_RUN);
        assertThat(dispatch.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);

        ReceivedSpan served = trace.one(AGENT, AGENT_RUN);
        assertThat(served.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
        assertThat(served.parentSpanId()).as("the agent's span's parent").isEqualTo(dispatch.spanId());
        assertThat(served.attribute("fenrir.job.id")).hasValue(id);
        for (String step : List.of("compile", "run")) {
            assertThat(trace.one(AGENT, step).parentSpanId()).as(step + "'s parent").isEqualTo(served.spanId());
        }
        assertThat(trace.one(AGENT, "run").attribute("fenrir.step.exit_code")).hasValue("0");

        // The worker was created before the job was known, in a trace of its own that the job links to.
        assertThat(job.linkedSpanIds()).hasSize(1);
        ReceivedSpan creation = await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().stream()
                .filter(span -> span.spanId().equals(job.linkedSpanIds().get(0))).findFirst().orElse(null),
                span -> span != null);
        assertThat(creation.service()).isEqualTo(MANAGER);
        assertThat(creation.name()).isEqualTo("create worker");
        assertThat(creation.traceId()).isNotEqualTo(traceId);
        assertThat(creation.attribute("fenrir.worker.id")).isEqualTo(job.attribute("fenrir.worker.id"));
        assertThat(receiver.refused()).isEmpty();

        // The timeline names the trace, and the manager's log lines about the job carry it.
        assertThat(Http.json(http.get("/jobs/" + id + "/timeline")).get("traceId").asText()).isEqualTo(traceId);
        assertThat(JsonLog.assertLinesAbout(stack.manager.logFile(), id))
                .allSatisfy(line -> assertThat(line.path("mdc").path("traceId").asText()).isEqualTo(traceId));
    }

    @Test
    void aRedeliveredJobIsASecondAttemptInTheSameTrace() {
        String id = http.submit(job("bash", "sleep 2; echo done", 20_000));
        // The first worker to run it dies mid-run; the next delivery runs on a new worker.
        String killed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> stack.workersRunningAJob().stream().findFirst().orElse(null), worker -> worker != null);
        stack.killWorker(killed);
        JsonNode done = http.awaitFinished(id);
        assertThat(done.get("verdict").asText()).as(done.toString()).isEqualTo("OK");
        assertThat(done.get("attempts").asInt()).isEqualTo(2);

        String traceId = done.get("traceId").asText();
        Trace trace = awaitSpans(traceId, "publish", "job", "ack");
        ReceivedSpan publish = trace.one(API, "publish");
        List<ReceivedSpan> attempts = await().atMost(Duration.ofSeconds(20))
                .until(() -> awaitSpans(traceId, "ack").named(MANAGER, "job"), jobs -> jobs.size() == 2);
        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.parentSpanId()).isEqualTo(publish.spanId()));
        assertThat(attempts).extracting(attempt -> attempt.attribute("fenrir.job.attempt").orElseThrow())
                .containsExactlyInAnyOrder("1", "2");
        ReceivedSpan failed = attempts.stream().filter(a -> a.attribute("fenrir.job.attempt").orElseThrow().equals("1"))
                .findFirst().orElseThrow();
        assertThat(failed.span().getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
        assertThat(failed.attribute("fenrir.worker.id")).hasValue(killed);
    }

    /** Waits until the trace holds a span of each of {@code names}. */
    private static Trace awaitSpans(String traceId, String... names) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> new Trace(receiver.trace(traceId)), trace -> trace.spans.stream()
                        .map(ReceivedSpan::name).toList().containsAll(List.of(names)));
    }

    private record Trace(List<ReceivedSpan> spans) {
        List<ReceivedSpan> named(String service, String name) {
            return spans.stream().filter(span -> span.service().equals(service) && span.name().equals(name)).toList();
        }

        ReceivedSpan one(String service, String name) {
            List<ReceivedSpan> matching = named(service, name);
            assertThat(matching).as(service + " span " + name + " in " + spans).hasSize(1);
            return matching.get(0);
        }
    }

    private static ObjectNode job(String language, String source, int wallMs) {
        ObjectNode body = Http.JSON.createObjectNode().put("language", language).put("source", source);
        body.putObject("limits").put("wallMs", wallMs);
        return body;
    }
}
