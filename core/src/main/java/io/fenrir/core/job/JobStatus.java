package io.fenrir.core.job;

/**
 * The life cycle of a job, shared by the API and the sandbox manager.
 *
 * <p>A job enters QUEUED when the API has published it; the manager moves it to RUNNING when a
 * worker takes it, and to COMPLETED when the sandbox produced a verdict (even a failing one) or to
 * FAILED when the platform could not run it. Statuses only move forward: {@link #rank()} orders
 * them, and every writer (here and in SQL, {@code WHERE status_rank < :rank}) refuses a move to a
 * lower or equal rank, so a late write never moves a job backwards and a terminal result is never
 * overwritten. The first terminal write wins: a job cancelled while it runs stays CANCELLED even if
 * its run finishes.
 *
 * <p>One deliberate exception, made only by an operator: replaying a dead letter moves its FAILED
 * job back to QUEUED ({@link #replayable()}), before the job is published again.
 */
public enum JobStatus {
    QUEUED(0),
    RUNNING(1),
    COMPLETED(2),
    FAILED(2),
    CANCELLED(2);

    private final int rank;

    JobStatus(int rank) {
        this.rank = rank;
    }

    /** Position in the life cycle; terminal statuses share the highest rank. */
    public int rank() {
        return rank;
    }

    public boolean isTerminal() {
        return rank == COMPLETED.rank;
    }

    /**
     * Whether a job in this status may move to {@code next}. RUNNING → RUNNING is allowed: a
     * redelivered job starts a new attempt.
     */
    public boolean canMoveTo(JobStatus next) {
        return next.rank > rank || (this == RUNNING && next == RUNNING);
    }

    /** Whether an operator may send a job in this status through the queue again (a dead letter's job). */
    public boolean replayable() {
        return this == FAILED;
    }
}
