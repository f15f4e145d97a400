package io.fenrir.api.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ErrorBody;
import io.fenrir.api.error.ErrorMappers;
import io.fenrir.api.metrics.Rejections;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The in-flight cap at the HTTP layer, ahead of RESTEasy: a request over the cap is answered 429
 * from its headers alone, before any of its body is read, with a body and Retry-After computed once.
 *
 * <p>A slot is released when its request ends, however it ends. Vert.x keeps one end, one close and
 * one exception handler per response, and the routing context's end handlers hang on all three; but
 * code further on may replace one of them: Quarkus's upload-size check and RESTEasy's reader of a
 * chunked body over quarkus.http.limits.max-body-size each set the end handler before answering 413,
 * RESTEasy sets the close handler for streamed responses. So the slot is also released by the
 * routing context's body-end handlers (the response was sent, whoever sent it), and a permit
 * releases only once. A client that vanishes mid-body closes the connection: the close releases it.
 */
@ApplicationScoped
public class IngressFilter {
    /**
     * Route order -1: after Quarkus's upload-size check (-2), which refuses a declared body over
     * quarkus.http.limits.max-body-size without reading it; before RESTEasy and everything else.
     */
    static final int PRIORITY = 1;
    /**
     * Health probes and metric scrapes must answer while the instance is saturated: that is when they
     * matter.
     */
    private static final List<String> UNLIMITED_PATHS = List.of("/q/health", "/q/metrics");
    private static final String REFUSAL_CODE = "too_many_requests";
    /** Where a request's permit is kept, for {@link #leave}. */
    private static final String PERMIT = IngressFilter.class.getName() + ".permit";

    private final InFlightLimiter limiter;
    private final Rejections rejections;
    private final String retryAfter;
    private final String refusal;

    @Inject
    public IngressFilter(FenrirConfig config, InFlightLimiter limiter, ObjectMapper json, Rejections rejections) {
        this(limiter, config.ingress().retryAfter(), json, rejections);
    }

    IngressFilter(InFlightLimiter limiter, Duration retryAfter, ObjectMapper json, Rejections rejections) {
        this.limiter = limiter;
        this.rejections = rejections;
        this.retryAfter = ErrorMappers.retryAfterSeconds(retryAfter);
        try {
            this.refusal = json.writeValueAsString(ErrorBody.of(REFUSAL_CODE, "this API instance is handling "
                    + limiter.max() + " requests, its limit; nothing was done, retry after " + this.retryAfter + " s"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to encode the 429 body", e);
        }
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    void handle(RoutingContext context) {
        if (isUnlimited(context.normalizedPath())) {
            context.next();
            return;
        }
        if (context.response().closed()) {
            // The client left before its request was routed: no end event would come to release a slot.
            return;
        }
        Optional<InFlightLimiter.Permit> permit = limiter.tryAcquire();
        if (permit.isEmpty()) {
            rejections.count(429, REFUSAL_CODE);
            context.response().setStatusCode(429)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(ErrorMappers.RETRY_AFTER, retryAfter)
                    .end(refusal);
            return;
        }
        InFlightLimiter.Permit admitted = permit.get();
        context.put(PERMIT, admitted);
        context.addEndHandler(ended -> admitted.release());
        context.addBodyEndHandler(sent -> admitted.release());
        context.next();
    }

    /**
     * Takes a request out of the in-flight count before it ends: a request that waits for its job
     * holds no worker thread and counts toward its own cap (fenrir.wait.max-waiters) instead, so that
     * a thousand waiters do not refuse every submission.
     */
    public static void leave(RoutingContext context) {
        InFlightLimiter.Permit permit = context.get(PERMIT);
        if (permit != null) {
            permit.release();
        }
    }

    private static boolean isUnlimited(String path) {
        return UNLIMITED_PATHS.stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
    }
}
