package io.fenrir.api.queue;

/**
 * The limit to apply to a JetStream stream (or key-value bucket) that exists, on messages or on
 * bytes. A limit lower than what the stream holds makes nats-server delete its oldest messages at
 * once, even with discard policy New; those are jobs that got a 202, or idempotency keys still
 * within their TTL. Such a limit waits for a start when the stream holds less. Raising is always
 * safe.
 */
public final class StreamLimit {
    private StreamLimit() {
    }

    /**
     * @param configured the operator's setting
     * @param current    the stream's limit now; -1 for none
     * @param held       what the stream holds now, in the limit's unit
     * @return {@code configured}, or {@code current} when applying it now would delete messages
     */
    public static long toApply(long configured, long current, long held) {
        boolean lowering = current < 0 || configured < current;
        return lowering && held > configured ? current : configured;
    }
}
