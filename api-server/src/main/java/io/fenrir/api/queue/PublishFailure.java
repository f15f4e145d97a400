package io.fenrir.api.queue;

import io.fenrir.platform.nats.JetStreamErrors;
import java.io.IOException;

/**
 * What a refused publish means to the client. JetStream answers a stream at its limits (maximum
 * messages, bytes or messages per subject, with discard policy New) with API error 10077
 * (JSStreamStoreFailedF) and the limit in the description, e.g. "maximum messages exceeded";
 * nats-server 2.9 uses the same code for bytes. Other store failures share the code with other
 * descriptions (a disk error is not a full queue).
 */
public final class PublishFailure {
    private static final String NO_RESPONDERS = "Error Publishing: 503 ";

    private PublishFailure() {
    }

    /** Whether JetStream refused the message because the stream is at one of its limits. */
    public static boolean streamFull(int apiErrorCode, String description) {
        return apiErrorCode == JetStreamErrors.STREAM_STORE_FAILED && description != null
                && description.startsWith("maximum ") && description.endsWith(" exceeded");
    }

    /** Whether no server took the publish (see above): nothing was stored, and trying again is safe. */
    public static boolean noResponders(IOException e) {
        return e.getMessage() != null && e.getMessage().startsWith(NO_RESPONDERS);
    }
}
