package io.fenrir.agent;

import static io.fenrir.agent.Requests.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.fenrir.agent.v1.RunEvent;
import io.fenrir.agent.v1.RunRequest;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Run with a trace context gets the agent's own spans back, as the OTLP request the manager forwards. */
class TracedRunTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01";

    @TempDir
    Path directory;

    private RunningAgent agent;

    @BeforeEach
    void startAgent() throws Exception {
        agent = RunningAgent.start(directory);
    }

    @AfterEach
    void stopAgent() throws Exception {
        agent.close();
    }

    @Test
    void aTracedRunEndsWithTheSpansOfTheRunAndEachStepUnderTheCallersSpan() throws Exception {
        RunEvents events = agent.run(RunRequest.newBuilder()
                .setJobId("job-7")
                .addSteps(step("compile", "true"))
                .addSteps(step("run", "sh", "-c", "exit 3"))
                .build(), traceparent());

        assertThat(events.lastBeforeEnd().hasSpans()).as("the last event before the RunEnd").isTrue();
        assertThat(events.results()).extracting(r -> r.getStep()).containsExactly("compile", "run");
        ResourceSpans resourceSpans = exportRequest(events.lastBeforeEnd()).getResourceSpans(0);
        assertThat(attributes(resourceSpans.getResource().getAttributesList())).containsEntry("service.name",
                RecordedRunTrace.SERVICE_NAME);
        Map<String, Span> spans = resourceSpans.getScopeSpansList().stream().flatMap(s -> s.getSpansList().stream())
                .collect(Collectors.toMap(Span::getName, Function.identity()));
        assertThat(spans).containsOnlyKeys(RecordedRunTrace.RUN_SPAN, "compile", "run");
        assertThat(spans.values()).allSatisfy(span -> assertThat(hex(span.getTraceId().toByteArray())).isEqualTo(TRACE_ID));

        Span run = spans.get(RecordedRunTrace.RUN_SPAN);
        assertThat(run.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(hex(run.getParentSpanId().toByteArray())).isEqualTo(CALLER_SPAN_ID);
        assertThat(attributes(run.getAttributesList())).containsEntry("fenrir.job.id", "job-7");
        assertThat(run.getStatus().getCode()).isNotEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        for (String step : List.of("compile", "run")) {
            assertThat(spans.get(step).getParentSpanId()).as(step + "'s parent").isEqualTo(run.getSpanId());
        }
        assertThat(attributes(spans.get("run").getAttributesList())).containsEntry("fenrir.step.exit_code", "3");
    }

    @Test
    void aRunWithoutATraceContextSendsNoSpans() {
        RunEvents events = agent.run(RunRequest.newBuilder().addSteps(step("run", "true")).build());

        assertThat(events.all()).noneMatch(RunEvent::hasSpans);
        assertThat(events.lastBeforeEnd().hasStepResult()).isTrue();
    }

    @Test
    void aRunTheAgentFailsStillSendsItsSpanMarkedAsAnError() throws Exception {
        List<RunEvent> received = new ArrayList<>();
        // Accepted, but its program cannot be started: the agent fails the Run after its span began.
        RunRequest unstartable = RunRequest.newBuilder().addSteps(step("run", "/nonexistent/fenrir-program")).build();

        assertThatThrownBy(() -> agent.run(unstartable, traceparent(), received))
                .isInstanceOf(StatusRuntimeException.class);

        assertThat(received).filteredOn(RunEvent::hasSpans).hasSize(1);
        RunEvent spans = received.stream().filter(RunEvent::hasSpans).findFirst().orElseThrow();
        Span run = exportRequest(spans).getResourceSpans(0).getScopeSpans(0).getSpansList().stream()
                .filter(span -> span.getName().equals(RecordedRunTrace.RUN_SPAN)).findFirst().orElseThrow();
        assertThat(run.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(run.getStatus().getMessage()).contains("fenrir-program");
    }

    @Test
    void aRunTheAgentRefusesSendsNoSpansForNothingOfItRan() {
        List<RunEvent> received = new ArrayList<>();
        RunRequest invalid = RunRequest.newBuilder().addSteps(step("run")).build();

        assertThatThrownBy(() -> agent.run(invalid, traceparent(), received)).isInstanceOf(StatusRuntimeException.class);

        assertThat(received).isEmpty();
    }

    private static Metadata traceparent() {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), TRACEPARENT);
        return headers;
    }

    private static ExportTraceServiceRequest exportRequest(RunEvent event) throws InvalidProtocolBufferException {
        return ExportTraceServiceRequest.parseFrom(event.getSpans().getOtlpExportRequest());
    }

    /** Attribute values as text, whatever their type: enough for equality checks. */
    private static Map<String, String> attributes(List<KeyValue> attributes) {
        return attributes.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().hasStringValue()
                ? kv.getValue().getStringValue() : String.valueOf(kv.getValue().getIntValue())));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
