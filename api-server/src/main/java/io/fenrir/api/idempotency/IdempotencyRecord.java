package io.fenrir.api.idempotency;

import java.time.Instant;

/**
 * What an Idempotency-Key is bound to: the job its first request created and that request's
 * fingerprint. The job's id and submission time are the first request's, so every request with
 * the key publishes the very same message and answers the very same job.
 *
 * @param jobId         the job created for the key
 * @param requestSha256 {@link RequestFingerprint} of the first request
 * @param submittedAt   when the first request was accepted
 * @param state         whether the job is known to be in the queue
 */
public record IdempotencyRecord(String jobId, String requestSha256, Instant submittedAt, State state) {

    public enum State {
        /**
         * The key is taken, the publish not confirmed: it may be under way, have failed, or its
         * instance may have died. A request with the key publishes again (the same message).
         */
        RESERVED,
        /** JetStream stored the job: a request with the key only answers it. */
        QUEUED
    }

    static IdempotencyRecord reserved(String jobId, String requestSha256, Instant submittedAt) {
        return new IdempotencyRecord(jobId, requestSha256, submittedAt, State.RESERVED);
    }

    IdempotencyRecord queued() {
        return new IdempotencyRecord(jobId, requestSha256, submittedAt, State.QUEUED);
    }
}
