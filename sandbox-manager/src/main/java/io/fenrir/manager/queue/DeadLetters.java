package io.fenrir.manager.queue;

import io.fenrir.manager.metrics.DeadLetterCause;

/**
 * Where the messages of jobs that FAILED are kept for an operator to read and replay. Burying the
 * same delivery twice (a manager that died between burying and acknowledging) keeps one letter.
 */
public interface DeadLetters {

    /**
     * Stores {@code body} as the dead letter of job {@code jobId}, once per {@code sourceSequence}.
     *
     * @param sourceSequence the job message's sequence in the work stream
     * @param cause          what the dead letter is counted as; only a first burial counts
     */
    void bury(String jobId, long sourceSequence, byte[] body, String reason, int attempts, DeadLetterCause cause)
            throws Exception;
}
