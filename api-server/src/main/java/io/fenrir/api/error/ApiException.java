package io.fenrir.api.error;

import java.time.Duration;

/**
 * An error the client can act on. It carries the HTTP status and a stable machine-readable code;
 * it becomes a JSON body {"error":{"code":..,"message":..}} only at the edge ({@link ErrorMappers}).
 * An error the client should retry carries when, as the Retry-After header.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Duration retryAfter;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    private ApiException(int status, String code, String message, Duration retryAfter) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public static ApiException invalid(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message);
    }

    /** 410: the resource existed and was deleted on purpose. */
    public static ApiException gone(String code, String message) {
        return new ApiException(410, code, message);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "payload_too_large", message);
    }

    public static ApiException unprocessable(String code, String message) {
        return new ApiException(422, code, message);
    }

    /** 429: this instance is at one of its caps; the same request may succeed after {@code retryAfter}. */
    public static ApiException tooMany(String code, String message, Duration retryAfter) {
        return new ApiException(429, code, message, retryAfter);
    }

    /** 503: nothing was done; the same request may succeed after {@code retryAfter}. */
    public static ApiException unavailable(String code, String message, Duration retryAfter) {
        return new ApiException(503, code, message, retryAfter);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** When the client may try again, or null when retrying the same request cannot help. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
