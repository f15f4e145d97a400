package io.fenrir.manager.metrics;

/** Why a job became a dead letter: the {@code cause} label of {@code fenrir_dead_letters_total}. */
public enum DeadLetterCause {
    /** Its message could not be decoded; dead-lettered on its first delivery. */
    UNDECODABLE,
    /** The job cannot be run (the agent refused it, its language is unknown); dead-lettered on its first delivery. */
    REFUSED,
    /** Its last delivery failed on the platform (worker died, agent error). */
    ATTEMPTS_FAILED,
    /** Every delivery ended without an ack: JetStream's MAX_DELIVERIES advisory. */
    DELIVERIES_EXHAUSTED;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
