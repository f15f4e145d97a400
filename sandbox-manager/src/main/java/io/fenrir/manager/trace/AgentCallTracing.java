package io.fenrir.manager.trace;

import io.fenrir.agent.v1.AgentGrpc;
import io.fenrir.agent.v1.RunEvent;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * Traces the Run calls on one worker's channel: a client span per call, a child of the job's span
 * (current on the calling thread), whose context goes to the agent in the call's metadata
 * ("traceparent"), so that the agent's spans are its children; the agent's spans, sent back in a
 * Spans event, are forwarded to the collector. Other calls (the Health polls while a worker starts)
 * pass untouched.
 */
final class AgentCallTracing implements ClientInterceptor {
    private static final TextMapSetter<Metadata> METADATA = (headers, key, value) ->
            headers.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);
    private static final String RUN = AgentGrpc.getRunMethod().getFullMethodName();

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final AgentSpans agentSpans;
    private final String workerId;

    AgentCallTracing(Tracer tracer, TextMapPropagator propagator, AgentSpans agentSpans, String workerId) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.agentSpans = agentSpans;
        this.workerId = workerId;
    }

    static ClientInterceptor passThrough() {
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                return next.newCall(method, options);
            }
        };
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        if (!RUN.equals(method.getFullMethodName())) {
            return next.newCall(method, options);
        }
        Span span = tracer.spanBuilder(RUN).setSpanKind(SpanKind.CLIENT)
                .setAttribute("rpc.system", "grpc")
                .setAttribute("rpc.service", method.getServiceName())
                .setAttribute("rpc.method", method.getBareMethodName())
                .setAttribute(Tracing.WORKER_ID, workerId)
                .startSpan();
        Context context = Context.current().with(span);
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                propagator.inject(context, headers, METADATA);
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onMessage(R message) {
                        if (message instanceof RunEvent event && event.hasSpans()) {
                            agentSpans.forward(event.getSpans().getOtlpExportRequest());
                        }
                        super.onMessage(message);
                    }

                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        span.setAttribute("rpc.grpc.status_code", status.getCode().value());
                        if (!status.isOk()) {
                            Tracing.failed(span, status.getCode() + ": " + status.getDescription());
                        }
                        span.end();
                        super.onClose(status, trailers);
                    }
                }, headers);
            }
        };
    }
}
