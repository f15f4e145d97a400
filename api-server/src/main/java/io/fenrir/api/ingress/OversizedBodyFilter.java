package io.fenrir.api.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ErrorBody;
import io.fenrir.api.metrics.Rejections;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refuses a body whose Content-Length is above fenrir.submission.max-body-bytes with the API's JSON 413,
 * in a way every client can read. A client that sends {@code Expect: 100-continue} (curl) has sent no
 * body yet: it is answered at once. Most others (Python's urllib, many SDKs) write the whole body before
 * they read anything: answering and closing mid-body would reset their connection (a broken pipe, no
 * answer), so the body is read and dropped first, up to fenrir.submission.max-drained-body-bytes; past
 * that the answer comes at once and the connection closes, whatever the client then sees.
 *
 * <p>Route order -3: ahead of Quarkus's own upload-size check (-2), which answers without a body, and of
 * the in-flight cap (-1): a refusal holds no slot.
 */
@ApplicationScoped
public class OversizedBodyFilter {
    static final int PRIORITY = 3;
    private static final String CODE = "payload_too_large";

    private final long maxBodyBytes;
    private final long maxDrainedBytes;
    private final Rejections rejections;
    private final String tooLarge;
    private final String notANumber;

    @Inject
    public OversizedBodyFilter(FenrirConfig config, ObjectMapper json, Rejections rejections) {
        this(config.submission().maxBodyBytes(), config.submission().maxDrainedBodyBytes(), json, rejections);
    }

    OversizedBodyFilter(long maxBodyBytes, long maxDrainedBytes, ObjectMapper json, Rejections rejections) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxDrainedBytes = maxDrainedBytes;
        this.rejections = rejections;
        this.tooLarge = encode(json, ErrorBody.of(CODE, "request body exceeds " + maxBodyBytes + " bytes"));
        this.notANumber = encode(json, ErrorBody.of("bad_request", "Content-Length is not a number"));
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    void handle(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            context.next();
            return;
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            rejections.count(400, "bad_request");
            answerAndClose(context, 400, notANumber);
            return;
        }
        if (length <= maxBodyBytes) {
            context.next();
            return;
        }
        rejections.count(413, CODE);
        HttpServerRequest request = context.request();
        boolean bodyOnHold = "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT));
        if (bodyOnHold || length > maxDrainedBytes) {
            answerAndClose(context, 413, tooLarge);
            return;
        }
        request.handler(dropped -> {
        });
        request.endHandler(ended -> answerAndClose(context, 413, tooLarge));
        request.resume();
    }

    /**
     * Answers, then closes the connection once the answer is written: a refused body is not read (or
     * was read only to be dropped), so the connection is not reused. Vert.x would otherwise keep it
     * open while a body it never read is pending.
     */
    private static void answerAndClose(RoutingContext context, int status, String body) {
        context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body)
                .onComplete(written -> context.request().connection().close());
    }

    private static String encode(ObjectMapper json, ErrorBody body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to encode an error body", e);
        }
    }
}
