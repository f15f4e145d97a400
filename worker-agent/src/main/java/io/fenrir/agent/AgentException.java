package io.fenrir.agent;

/**
 * A failure of the agent, of one of the few kinds the manager can act on. The message has the
 * form "failed to &lt;verb&gt; &lt;object&gt;: &lt;cause&gt;"; the kind becomes a gRPC status only
 * in {@link AgentService}.
 */
final class AgentException extends Exception {

    enum Kind {
        /** The request breaks the contract; sending it again cannot succeed. */
        INVALID_ARGUMENT,
        /** The agent is not in a state to do this, for example it already ran its one job. */
        FAILED_PRECONDITION,
        /** Something inside the agent or its sandbox broke. */
        INTERNAL
    }

    private final Kind kind;

    AgentException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    AgentException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    static AgentException invalidArgument(String message) {
        return new AgentException(Kind.INVALID_ARGUMENT, message);
    }

    static AgentException failedPrecondition(String message) {
        return new AgentException(Kind.FAILED_PRECONDITION, message);
    }

    static AgentException internal(String message) {
        return new AgentException(Kind.INTERNAL, message);
    }

    static AgentException internal(String message, Throwable cause) {
        return new AgentException(Kind.INTERNAL, message, cause);
    }

    Kind kind() {
        return kind;
    }
}
