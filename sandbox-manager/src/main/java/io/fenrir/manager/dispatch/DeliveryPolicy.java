package io.fenrir.manager.dispatch;

import java.time.Duration;
import java.util.Optional;

/**
 * What becomes of a delivery whose attempt did not end the job: delivered again after a delay, or
 * given up (the job FAILED and dead-lettered). A permanent failure is given up at once; a transient
 * one is retried until the job's last delivery. Storage that stayed down is always retried: the job
 * ran and only its record is missing (JetStream's own maximum of deliveries still bounds it).
 */
final class DeliveryPolicy {
    private static final Duration FIRST_DELAY = Duration.ofSeconds(2);
    private static final Duration MAX_DELAY = Duration.ofMinutes(1);

    private final int maxDeliver;

    /** @param maxDeliver deliveries a job gets in all (FENRIR_MAX_DELIVER) */
    DeliveryPolicy(int maxDeliver) {
        this.maxDeliver = maxDeliver;
    }

    /**
     * After delivery {@code attempt} failed with {@code kind}: the delay before the next delivery, or
     * empty when the job is to fail now.
     */
    Optional<Duration> retryAfter(AttemptFailure.Kind kind, int attempt) {
        if (kind == AttemptFailure.Kind.PERMANENT || attempt >= maxDeliver) {
            return Optional.empty();
        }
        return Optional.of(redeliveryDelay(attempt));
    }

    int maxDeliver() {
        return maxDeliver;
    }

    /**
     * How long JetStream waits before delivering a job again after its attempt {@code attempt} failed:
     * 2 s, doubling with each attempt up to a minute, so a worker or store that keeps failing is not
     * hammered and a brief outage does not use up a job's deliveries at once.
     */
    Duration redeliveryDelay(int attempt) {
        Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 10));
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }
}
