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
    /** The status of a JetStream answer that says it cannot serve now ("no responders", "temporarily unavailable"). */
    private static final int UNAVAILABLE = 503;

    private LeaderElection() {
    }

    /** One JetStream request, e.g. a publish. */
    @FunctionalInterface
    public interface Request<T> {
        T send() throws IOException, JetStreamApiException;
    }

    /**
     * Sends the write {@code request}, again after each "no responders" for up to {@code within}.
     * Only then: a write that timed out may have been stored, so it is not sent blindly again.
     *
     * @throws IOException the last failure: no leader within the time, a timeout, or an interruption
     */
    public static <T> T awaitLeader(Duration within, Request<T> request) throws IOException, JetStreamApiException {
        return send(within, request, false);
    }

    /**
     * Sends the read {@code request}, again after any failure that may pass for up to {@code within}.
     * A read changes nothing, so whatever jnats says during an election is worth another try: no
     * responders (for a key-value get, jnats reports it as "Timeout or no response"), a timeout, or a
     * 503 answer from JetStream.
     *
     * @throws IOException the last failure once the time is up, or an interruption
     * @throws JetStreamApiException an answer that is not "unavailable" (e.g. a bad request), at once
     */
    public static <T> T awaitRead(Duration within, Request<T> request) throws IOException, JetStreamApiException {
        return send(within, request, true);
    }

    private static <T> T send(Duration within, Request<T> request, boolean isRead)
            throws IOException, JetStreamApiException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                return request.send();
            } catch (IOException e) {
                if (!(isRead || PublishFailure.noResponders(e)) || pastDeadline(deadline)) {
                    throw e;
                }
            } catch (JetStreamApiException e) {
                if (!isRead || e.getErrorCode() != UNAVAILABLE || pastDeadline(deadline)) {
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

    /** Whether another try after the pause would start past the deadline. */
    private static boolean pastDeadline(long deadline) {
        return System.nanoTime() + PAUSE.toNanos() > deadline;
    }
}
