package io.fenrir.api.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where errors become HTTP answers. Every answer is JSON; nothing leaks a stack trace. */
public class ErrorMappers {
    public static final String RETRY_AFTER = "Retry-After";
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder response = error(e.status(), e.code(), e.getMessage());
        if (e.retryAfter() != null) {
            response.header(RETRY_AFTER, retryAfterSeconds(e.retryAfter()));
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return respond(400, "malformed_json", "request body is not valid JSON: " + e.getOriginalMessage());
    }

    /**
     * Valid JSON of the wrong shape ({"args":"x"}, {"limits":{"cpuMs":"x"}}). Mapped here, not by
     * the mapper above: Quarkus has its own mapper for this exact type, which answers without our
     * error body, and the most specific mapper wins.
     */
    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e) {
        return respond(400, "invalid_type", JsonTypeError.describe(e));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        // RESTEasy wraps body-parsing failures; report them as what they are.
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return wrongType(mismatch);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        return respond(status, codeFor(status), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected error", e);
        return respond(500, "internal_error", "internal error; it has been logged");
    }

    /** Retry-After in whole seconds (RFC 9110 delay-seconds), rounded up and at least 1. */
    public static String retryAfterSeconds(Duration delay) {
        long seconds = (delay.toMillis() + 999) / 1000;
        return Long.toString(Math.max(1, seconds));
    }

    static Response respond(int status, String code, String message) {
        return error(status, code, message).build();
    }

    private static Response.ResponseBuilder error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(ErrorBody.of(code, message));
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "request_error";
        };
    }
}
