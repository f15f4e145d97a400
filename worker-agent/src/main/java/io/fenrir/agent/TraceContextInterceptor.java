package io.fenrir.agent;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands a call's W3C trace context (its "traceparent" and "tracestate" metadata, as the manager sent
 * them) to the handler through the call's gRPC {@link Context}. Only the two header values are read
 * here; parsing them is {@link RunTrace}'s, and only for a Run that carries them.
 */
final class TraceContextInterceptor implements ServerInterceptor {

    /** The call's trace context headers by name; absent when the call carried no traceparent. */
    static final Context.Key<Map<String, String>> TRACE_CONTEXT = Context.key("fenrir-trace-context");

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    private static final Metadata.Key<String> TRACEPARENT_KEY =
            Metadata.Key.of(TRACEPARENT, Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> TRACESTATE_KEY =
            Metadata.Key.of(TRACESTATE, Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String traceparent = headers.get(TRACEPARENT_KEY);
        if (traceparent == null) {
            return next.startCall(call, headers);
        }
        Map<String, String> carrier = new HashMap<>();
        carrier.put(TRACEPARENT, traceparent);
        String tracestate = headers.get(TRACESTATE_KEY);
        if (tracestate != null) {
            carrier.put(TRACESTATE, tracestate);
        }
        return Contexts.interceptCall(Context.current().withValue(TRACE_CONTEXT, Map.copyOf(carrier)), call, headers,
                next);
    }
}
