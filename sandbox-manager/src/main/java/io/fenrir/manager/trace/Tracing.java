package io.fenrir.manager.trace;

import io.grpc.ClientInterceptor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The manager's traces: one OpenTelemetry SDK, built at start-up, exporting over OTLP/HTTP to the
 * collector at FENRIR_OTLP_ENDPOINT ({@link #exportingTo}); without an endpoint, nothing at all
 * ({@link #off}: no spans, no exporter thread, no trace context sent to agents).
 *
 * <p>A job's trace is the one the API started: each delivery of its message gets a "job" span whose
 * parent is the API's "publish" span, named by the message's traceparent header, so a redelivery
 * is one more "job" span in the same trace.
 */
public final class Tracing implements AutoCloseable {
    public static final String SERVICE_NAME = "fenrir-sandbox-manager";
    /** The span of one delivery of a job's message. */
    public static final String JOB_SPAN = "job";
    public static final String CREATE_WORKER_SPAN = "create worker";
    /** The attributes of a span that writes to the jobs table. */
    public static final Attributes POSTGRES = Attributes.of(AttributeKey.stringKey("db.system"), "postgresql",
            AttributeKey.stringKey("db.collection.name"), "jobs");
    /** The attributes of a span that writes to the object store. */
    public static final Attributes S3 = Attributes.of(AttributeKey.stringKey("rpc.system"), "aws-api",
            AttributeKey.stringKey("rpc.service"), "S3");
    /** The attributes of a span that talks to JetStream. */
    public static final Attributes NATS = Attributes.of(AttributeKey.stringKey("messaging.system"), "nats");
    static final AttributeKey<String> WORKER_ID = AttributeKey.stringKey("fenrir.worker.id");
    private static final String INSTRUMENTATION = "io.fenrir.manager";
    /** At most one line per this about spans that do not reach the collector ({@link ExportFailures}). */
    static final Duration EXPORT_FAILURE_LINES = Duration.ofMinutes(1);
    private static final String INVALID_TRACE_ID = "00000000000000000000000000000000";

    private final OpenTelemetry telemetry;
    private final Tracer tracer;
    private final Optional<SdkTracerProvider> provider;
    private final Optional<AgentSpans> agentSpans;

    private Tracing(OpenTelemetry telemetry, Optional<SdkTracerProvider> provider, Optional<AgentSpans> agentSpans) {
        this.telemetry = telemetry;
        this.tracer = telemetry.getTracer(INSTRUMENTATION);
        this.provider = provider;
        this.agentSpans = agentSpans;
    }

    /** No collector configured: every span is a no-op and no trace context leaves the process. */
    public static Tracing off() {
        return new Tracing(OpenTelemetry.noop(), Optional.empty(), Optional.empty());
    }

    /**
     * @param endpoint      the collector's OTLP/HTTP base URL (FENRIR_OTLP_ENDPOINT); spans are POSTed to
     *                      {@code <endpoint>/v1/traces}, the agents' spans too
     * @param scheduleDelay how long finished spans wait to be sent in a batch
     * @param instance      this manager's name among several (service.instance.id)
     */
    public static Tracing exportingTo(URI endpoint, Duration scheduleDelay, String instance) {
        URI traces = tracesUri(endpoint);
        // One budget of lines for both ways spans leave: a collector that is down fails both.
        ExportFailures failures = new ExportFailures(traces, EXPORT_FAILURE_LINES, Clock.systemUTC());
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), SERVICE_NAME,
                        AttributeKey.stringKey("service.instance.id"), instance))))
                .addSpanProcessor(BatchSpanProcessor.builder(new ReportingSpanExporter(OtlpHttpSpanExporter.builder()
                                .setEndpoint(traces.toString()).build(), failures))
                        .setScheduleDelay(scheduleDelay).build())
                .build();
        OpenTelemetry telemetry = OpenTelemetrySdk.builder().setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        return new Tracing(telemetry, Optional.of(provider), Optional.of(new AgentSpans(traces, failures)));
    }

    /** Where OTLP/HTTP takes spans: the signal's path under the collector's base URL. */
    static URI tracesUri(URI endpoint) {
        String base = endpoint.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "v1/traces");
    }

    /**
     * Starts the span of one delivery of a job's message: a consumer span continuing the trace named
     * by its traceparent header. Its worker was warmed before the job was known, in a trace of its
     * own ({@link #startWorkerCreation}); the span links to that creation and says when it ended.
     */
    public Span startJob(Map<String, String> headers, String subject, long attempt, String workerId,
            WorkerCreation worker) {
        Instant now = Instant.now();
        Context parent = telemetry.getPropagators().getTextMapPropagator()
                .extract(Context.root(), headers, NatsHeaders.GETTER);
        return tracer.spanBuilder(JOB_SPAN).setParent(parent).setSpanKind(SpanKind.CONSUMER)
                .setAllAttributes(NATS)
                .setAttribute("messaging.destination.name", subject)
                .setAttribute("fenrir.job.attempt", attempt)
                .setAttribute(WORKER_ID, workerId)
                .setAttribute("fenrir.worker.ready_at", worker.readyAt().toString())
                .setAttribute("fenrir.worker.idle_ms", Duration.between(worker.readyAt(), now).toMillis())
                .addLink(worker.span())
                .startSpan();
    }

    /**
     * Starts the span of a worker's creation, the root of its own trace: a worker is warmed ahead of
     * time for whichever job comes next, so it belongs to no job's trace; the job's span links to it.
     */
    public Span startWorkerCreation(String workerId) {
        return tracer.spanBuilder(CREATE_WORKER_SPAN).setNoParent().setAttribute(WORKER_ID, workerId).startSpan();
    }

    /** A step of the current span's work, as its child span {@code name}. */
    public interface Step {
        void run() throws Exception;
    }

    /** Runs {@code step} in a child span of the current one; a failure marks the span and is rethrown. */
    public void span(String name, SpanKind kind, Attributes attributes, Step step) throws Exception {
        Span span = tracer.spanBuilder(name).setSpanKind(kind).setAllAttributes(attributes).startSpan();
        try (Scope scope = span.makeCurrent()) {
            step.run();
        } catch (Exception e) {
            failed(span, e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }

    /** Marks {@code span} as failed for {@code reason}. */
    public static void failed(Span span, String reason) {
        span.setStatus(StatusCode.ERROR, String.valueOf(reason));
    }

    /** The span's trace id, when it is part of a real trace (never with tracing off). */
    public static Optional<String> traceIdOf(Span span) {
        String id = span.getSpanContext().getTraceId();
        return span.getSpanContext().isValid() && !INVALID_TRACE_ID.equals(id) ? Optional.of(id) : Optional.empty();
    }

    /**
     * What traces a worker's agent calls: a client span per Run, its context in the call's metadata,
     * the agent's own spans forwarded to the collector. With tracing off, calls pass untouched.
     */
    public ClientInterceptor agentCalls(String workerId) {
        return agentSpans.<ClientInterceptor>map(forwarder -> new AgentCallTracing(tracer,
                        telemetry.getPropagators().getTextMapPropagator(), forwarder, workerId))
                .orElseGet(AgentCallTracing::passThrough);
    }

    /** Sends the spans still buffered and waits (a few seconds at most) for the agents' spans in flight. */
    @Override
    public void close() {
        provider.ifPresent(p -> p.shutdown().join(10, TimeUnit.SECONDS));
        agentSpans.ifPresent(AgentSpans::close);
    }
}
