package io.fenrir.it.e2e;

import io.fenrir.it.stack.FenrirStack;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.StreamInfo;
import java.io.IOException;

/** What the job stream FENRIR_JOBS holds, read straight from JetStream. */
final class JobQueueProbe {
    static final String STREAM = "FENRIR_JOBS";

    private JobQueueProbe() {
    }

    /** Messages in the stream: jobs waiting and jobs taken but not acknowledged. */
    static long messages(FenrirStack stack) {
        return info(stack).getStreamState().getMsgCount();
    }

    /** The sequence of the last message ever stored: unchanged means nothing new was stored. */
    static long lastSequence(FenrirStack stack) {
        return info(stack).getStreamState().getLastSequence();
    }

    static StreamInfo info(FenrirStack stack) {
        try (Connection nats = Nats.connect(stack.natsUrl())) {
            return nats.jetStreamManagement().getStreamInfo(STREAM);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("failed to read stream " + STREAM + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
