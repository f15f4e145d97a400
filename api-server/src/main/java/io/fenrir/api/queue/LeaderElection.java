package io.fenrir.api.queue;

import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.time.Duration;

/**
 * Rides out a stream's leader election. While a NATS cluster elects a new leader for a stream (a
 * node was lost or left), a publish to it gets "no responders" at once and nothing is stored
 * ({@link PublishFailure#noResponders}); an election takes a few seconds. Sending again until a
 * leader answers turns the loss of a node into a slower answer instead of a refusal, as the NATS Go
 * client does for its publishes. Past the time given, the failure stands and the caller refuses.
 */
public final class LeaderElection {
    /** Between two tries: elections take seconds, and each try is a round trip to the cluster. */
    static final Duration PAUSE = Duration.ofMillis(250);

    private LeaderElection() {
    }

    /** One JetStream request, e.g. a publish. */
    @FunctionalInterface
    public interface Request<T> {
        T send() throws IOException, JetStreamApiException;
    }

    /**
     * Sends {@code request}, again after each "no responders" for up to {@code within}.
     *
     * @throws IOException the last failure: no leader within the time, a timeout, or an interruption
     */
    public static <T> T awaitLeader(Duration within, Request<T> request) throws IOException, JetStreamApiException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                return request.send();
            } catch (IOException e) {
                if (!PublishFailure.noResponders(e) || System.nanoTime() + PAUSE.toNanos() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for a stream leader", e);
            }
        }
    }
}
