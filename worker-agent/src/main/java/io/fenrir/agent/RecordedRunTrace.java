package io.fenrir.agent;

import com.google.protobuf.ByteString;
import io.fenrir.agent.v1.RunEvent;
import io.fenrir.agent.v1.Spans;
import io.fenrir.agent.v1.StepResult;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A traced Run's spans, recorded with the OpenTelemetry SDK into memory (the container has no
 * network) and handed back as one OTLP export request for the manager to forward. The spans are
 * ended synchronously (a simple processor, no exporter thread: the agent's cgroup has few pids).
 */
final class RecordedRunTrace implements RunTrace {

    static final String SERVICE_NAME = "fenrir-worker-agent";
    /** gRPC's span name convention: the full method name. */
    static final String RUN_SPAN = "fenrir.agent.v1.Agent/Run";

    private final KeptSpans kept = new KeptSpans();
    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final Span run;
    private final Context runContext;

    RecordedRunTrace(Map<String, String> traceContext, String jobId) {
        provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), SERVICE_NAME))))
                .addSpanProcessor(SimpleSpanProcessor.create(kept))
                .build();
        tracer = provider.get("io.fenrir.agent");
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceContext, MapGetter.INSTANCE);
        run = tracer.spanBuilder(RUN_SPAN).setParent(parent).setSpanKind(SpanKind.SERVER)
                .setAttribute("rpc.system", "grpc")
                .setAttribute("rpc.service", "fenrir.agent.v1.Agent")
                .setAttribute("rpc.method", "Run")
                .setAttribute("fenrir.job.id", jobId)
                .startSpan();
        runContext = parent.with(run);
    }

    /** A Run's tracing from start to encoded spans, thrown away: see {@link RunTrace#prepare}. */
    static void rehearse() {
        RecordedRunTrace trace = new RecordedRunTrace(
                Map.of(TraceContextInterceptor.TRACEPARENT, "00-00000000000000000000000000000001-0000000000000001-01"),
                "rehearsal");
        try (StepSpan step = trace.step("rehearsal")) {
            step.record(StepResult.getDefaultInstance());
        }
        trace.end(Optional.empty());
    }

    @Override
    public StepSpan step(String name) {
        Span span = tracer.spanBuilder(name).setParent(runContext).setAttribute("fenrir.step", name).startSpan();
        return new StepSpan() {
            @Override
            public void record(StepResult result) {
                span.setAttribute("fenrir.step.exit_code", result.getExitCode());
                span.setAttribute("fenrir.step.signal", result.getSignal());
                span.setAttribute("fenrir.step.wall_ms", result.getWallMs());
                span.setAttribute("fenrir.step.cpu_ms", result.getCpuMs());
                span.setAttribute("fenrir.step.memory_peak_bytes", result.getMemoryPeakBytes());
                limitHit(result).ifPresent(limit -> span.setAttribute("fenrir.step.limit_exceeded", limit));
            }

            @Override
            public void close() {
                span.end();
            }
        };
    }

    @Override
    public Optional<RunEvent> end(Optional<String> failure) {
        failure.ifPresent(description -> run.setStatus(StatusCode.ERROR, description));
        run.end();
        provider.shutdown();
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        try {
            TraceRequestMarshaler.create(kept.spans()).writeBinaryTo(request);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to encode the run's spans", e);
        }
        return Optional.of(RunEvent.newBuilder()
                .setSpans(Spans.newBuilder().setOtlpExportRequest(ByteString.copyFrom(request.toByteArray())))
                .build());
    }

    /** The limit that ended the step, for a trace reader who looks for why a step was killed. */
    private static Optional<String> limitHit(StepResult result) {
        if (result.getWallTimeExceeded()) {
            return Optional.of("wall_time");
        }
        if (result.getCpuTimeExceeded()) {
            return Optional.of("cpu_time");
        }
        if (result.getMemoryLimitExceeded()) {
            return Optional.of("memory");
        }
        if (result.getOutputLimitExceeded()) {
            return Optional.of("output");
        }
        return Optional.empty();
    }

    /** Finished spans, kept until the Run ends. */
    private static final class KeptSpans implements SpanExporter {
        private final List<SpanData> spans = new ArrayList<>();

        @Override
        public synchronized CompletableResultCode export(Collection<SpanData> finished) {
            spans.addAll(finished);
            return CompletableResultCode.ofSuccess();
        }

        synchronized List<SpanData> spans() {
            return List.copyOf(spans);
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    private enum MapGetter implements TextMapGetter<Map<String, String>> {
        INSTANCE;

        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    }
}
