package io.fenrir.api.idempotency;

import io.fenrir.api.error.ApiException;
import io.fenrir.core.job.JobMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * POST /jobs with an Idempotency-Key: the key's first request creates the job; every later one
 * with the same body answers that job and creates nothing; one with another body is refused.
 *
 * <p>Why it is race-free: the key is taken atomically ({@link IdempotencyStore#reserve}), binding it
 * to a job id and a submission time. A request that finds the key taken but the publish not yet
 * confirmed publishes the same message itself (same id, so the same Nats-Msg-Id, and the same
 * content): within JetStream's duplicate window both publishes are one message, and it answers
 * 202 only once JetStream holds the job, even if the first request then fails or its instance
 * dies. Once a publish is confirmed the key is marked QUEUED and later requests publish nothing,
 * so a retry long after the job finished does not run it again.
 */
@ApplicationScoped
public class IdempotentSubmission {
    private static final Logger LOG = Logger.getLogger(IdempotentSubmission.class);

    private final IdempotencyStore store;

    public IdempotentSubmission(IdempotencyStore store) {
        this.store = store;
    }

    /**
     * @param job      the job to answer with
     * @param replayed whether the key was taken before: the job is then the key's first one
     */
    public record Outcome(JobMessage job, boolean replayed) {
    }

    /**
     * @param requestSha256 the request's {@link RequestFingerprint}
     * @param job           the request as a new job (a new id, submitted now)
     * @param accept        publishes a job and has it persisted; throws when the job is not accepted
     * @throws ApiException 422 idempotency_key_reused when the key is bound to another request;
     *                      whatever {@code accept} throws
     */
    public Outcome submit(IdempotencyKey key, String requestSha256, JobMessage job, Consumer<JobMessage> accept) {
        IdempotencyRecord mine = IdempotencyRecord.reserved(job.id(), requestSha256, job.submittedAt());
        Optional<IdempotencyRecord> taken = store.reserve(key, mine);
        if (taken.isEmpty()) {
            // The key stays RESERVED if this throws: a retry with the same body publishes again.
            accept.accept(job);
            markQueued(key, mine);
            return new Outcome(job, false);
        }
        IdempotencyRecord first = taken.get();
        if (!first.requestSha256().equals(requestSha256)) {
            throw ApiException.unprocessable("idempotency_key_reused", "this " + IdempotencyKey.HEADER
                    + " was sent before with another request body, for job " + first.jobId()
                    + "; use a new key for a new job");
        }
        JobMessage original = new JobMessage(first.jobId(), job.language(), job.files(), job.stdin(), job.args(),
                job.compileArgs(), job.limits(), first.submittedAt(), job.tests(), job.stdinBase64());
        if (first.state() == IdempotencyRecord.State.RESERVED) {
            accept.accept(original);
            markQueued(key, first);
        }
        return new Outcome(original, true);
    }

    /**
     * Best effort: the job is in the queue whether or not this is recorded. Unrecorded, a request
     * with the key publishes again: within the duplicate window that is nothing; after it, a second
     * message for the same job, which the manager acknowledges without running if the job finished
     * (and may run again if it is still waiting or running: at least once, as any redelivery).
     */
    private void markQueued(IdempotencyKey key, IdempotencyRecord record) {
        try {
            store.save(key, record.queued());
        } catch (RuntimeException e) {
            LOG.warnf("job %s is queued but its idempotency key is not marked so: %s", record.jobId(), e.getMessage());
        }
    }
}
