package io.fenrir.api.queue;

import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Removes from the work stream the messages its consumer acknowledged but the stream still holds.
 * A work-queue stream removes a message when it is acknowledged; nats-server 2.9 writes that
 * removal to disk lazily (its index, every few seconds) but the consumer's acknowledgement floor
 * sooner, so a kill -9 in between leaves messages below the floor after the restart. The consumer
 * never delivers them again (it delivers only past the floor): they run no job, but they would
 * stay for good, each holding a place under the stream's limit and counted as queued. Later
 * nats-server versions remove them at start-up themselves (checkStateForInterestStream, 2.10).
 *
 * <p>A message is removed only if it is at or below the floor and its job has finished: one below
 * the floor whose job has not is a job whose deliveries ran out, which the managers finish and
 * remove themselves (ExhaustedDeliveries), so it is left to them.
 */
public final class LeftoverSweep {
    /** Messages looked at between two checks of their jobs. */
    static final int BATCH = 100;

    /** The work stream and its consumer, as the sweep sees them. */
    public interface WorkQueue {
        /** The stream sequence at and below which the consumer acknowledged every message; 0 without a consumer. */
        long ackFloor() throws IOException, JetStreamApiException;

        /** The stream's first message at or after {@code sequence}, if any. */
        Optional<Message> firstFrom(long sequence) throws IOException, JetStreamApiException;

        /**
         * Removes the message at {@code sequence}.
         *
         * @return false when it was gone already (another API instance's sweep, say)
         */
        boolean remove(long sequence) throws IOException, JetStreamApiException;
    }

    /** @param jobId the job the message holds; null when it cannot be read */
    public record Message(long sequence, String jobId) {
    }

    /** Which of some jobs have finished. */
    @FunctionalInterface
    public interface FinishedJobs {
        Set<String> among(Collection<String> jobIds);
    }

    /**
     * What one sweep found at or below the floor: what it removed, and what it kept because their jobs
     * have not finished (a message another sweep removed meanwhile is in neither).
     */
    public record Result(List<Message> removed, List<Message> kept) {
    }

    private final WorkQueue queue;
    private final FinishedJobs finished;

    public LeftoverSweep(WorkQueue queue, FinishedJobs finished) {
        this.queue = queue;
        this.finished = finished;
    }

    /**
     * Looks at every message at or below the consumer's floor and removes those of finished jobs.
     *
     * @throws IOException or JetStreamApiException when JetStream cannot be asked; the finished-jobs
     *                     lookup's own exception when it cannot answer (nothing is removed then)
     */
    public Result sweep() throws IOException, JetStreamApiException {
        long floor = queue.ackFloor();
        List<Message> removed = new ArrayList<>();
        List<Message> kept = new ArrayList<>();
        long next = 1;
        while (next <= floor) {
            List<Message> behind = new ArrayList<>();
            while (behind.size() < BATCH) {
                Optional<Message> message = queue.firstFrom(next);
                if (message.isEmpty() || message.get().sequence() > floor) {
                    next = floor + 1;
                    break;
                }
                behind.add(message.get());
                next = message.get().sequence() + 1;
            }
            Set<String> done = behind.isEmpty() ? Set.of()
                    : finished.among(behind.stream().map(Message::jobId).filter(Objects::nonNull).toList());
            for (Message message : behind) {
                if (message.jobId() != null && done.contains(message.jobId())) {
                    if (queue.remove(message.sequence())) {
                        removed.add(message);
                    }
                } else {
                    kept.add(message);
                }
            }
        }
        return new Result(removed, kept);
    }
}
