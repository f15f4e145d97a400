package io.fenrir.manager.queue;

import io.fenrir.manager.metrics.DeadLetterCause;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@link DeadLetters} in memory: one letter per source sequence, as JetStream's message ids make it. */
public final class InMemoryDeadLetters implements DeadLetters {

    /** One dead letter as it was buried. */
    public record Letter(String jobId, long sourceSequence, String reason, int attempts, DeadLetterCause cause) {
    }

    private final List<Letter> letters = new ArrayList<>();
    private final Set<Long> buried = new HashSet<>();

    @Override
    public synchronized void bury(String jobId, long sourceSequence, byte[] body, String reason, int attempts,
            DeadLetterCause cause) {
        if (buried.add(sourceSequence)) {
            letters.add(new Letter(jobId, sourceSequence, reason, attempts, cause));
        }
    }

    public synchronized List<Letter> letters() {
        return List.copyOf(letters);
    }
}
