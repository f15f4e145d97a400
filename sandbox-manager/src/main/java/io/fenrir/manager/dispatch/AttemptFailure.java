package io.fenrir.manager.dispatch;

/**
 * Why an attempt could not run a job, of one of two kinds decided where the failure is seen (in
 * {@link AgentExecution}) and acted on only by {@link DeliveryPolicy}: a transient failure may pass on
 * another delivery; a permanent one would fail the same way every time, so the job fails at once.
 */
public final class AttemptFailure extends Exception {

    public enum Kind {
        /** The worker, its agent or the call broke: another delivery may succeed. The worker is lost. */
        TRANSIENT,
        /** The job itself cannot be run (refused by the agent, unknown language). The worker ran nothing. */
        PERMANENT
    }

    private final Kind kind;

    private AttemptFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    static AttemptFailure transientFailure(String message, Throwable cause) {
        return new AttemptFailure(Kind.TRANSIENT, message, cause);
    }

    static AttemptFailure permanent(String message) {
        return new AttemptFailure(Kind.PERMANENT, message, null);
    }

    static AttemptFailure permanent(String message, Throwable cause) {
        return new AttemptFailure(Kind.PERMANENT, message, cause);
    }

    public Kind kind() {
        return kind;
    }
}
