package io.fenrir.platform.nats;

import io.nats.client.JetStreamApiException;

/**
 * The JetStream API error codes Fenrir acts on (nats-server's {@code err_code}, stable across
 * versions; the HTTP-like {@code code} beside it is not specific enough), and how to find one in
 * what jnats throws.
 */
public final class JetStreamErrors {
    /** "consumer not found": e.g. no manager has bound to the work stream yet. */
    public static final int CONSUMER_NOT_FOUND = 10014;
    /** "no message found". */
    public static final int NO_MESSAGE_FOUND = 10037;
    /** "message delete failed", with the store's reason in the description. */
    public static final int MESSAGE_DELETE_FAILED = 10057;
    /** "stream name already in use with a different configuration". */
    public static final int STREAM_NAME_IN_USE = 10058;
    /** "stream not found" (a key-value bucket is a stream too). */
    public static final int STREAM_NOT_FOUND = 10059;
    /** "wrong last sequence": what a key-value create gets when the key has a value. */
    public static final int WRONG_LAST_SEQUENCE = 10071;
    /**
     * "stream store failed": a stream at one of its limits (with discard policy New) refuses a
     * message with it, the limit in the description; other store failures share the code.
     */
    public static final int STREAM_STORE_FAILED = 10077;

    private JetStreamErrors() {
    }

    /**
     * Whether {@code failure} is, or wraps, JetStream's answer {@code apiErrorCode}: jnats throws some
     * answers as they are and wraps others in an IOException (opening a key-value bucket, say).
     */
    public static boolean is(Throwable failure, int apiErrorCode) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JetStreamApiException api) {
                return api.getApiErrorCode() == apiErrorCode;
            }
        }
        return false;
    }
}
