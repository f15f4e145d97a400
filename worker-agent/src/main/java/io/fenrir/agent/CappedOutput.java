package io.fenrir.agent;

/**
 * The byte budget of one output stream of one step: the first {@code limitBytes} bytes are kept,
 * everything after is dropped, and the drop is remembered so it is never silent. Thread-safe: the
 * pump admits bytes while the step runner may already read the outcome.
 */
final class CappedOutput {

    private final long limitBytes;
    private long keptBytes;
    private boolean truncated;

    CappedOutput(long limitBytes) {
        if (limitBytes < 0) {
            throw new IllegalArgumentException("limitBytes must not be negative: " + limitBytes);
        }
        this.limitBytes = limitBytes;
    }

    /** Takes {@code length} more bytes of the stream and returns how many of them, from the start, are kept. */
    synchronized int admit(int length) {
        int admitted = (int) Math.min(length, limitBytes - keptBytes);
        keptBytes += admitted;
        if (admitted < length) {
            truncated = true;
        }
        return admitted;
    }

    /** Records that some of the stream could not be read, so what was kept is not all of it. */
    synchronized void markIncomplete() {
        truncated = true;
    }

    synchronized boolean truncated() {
        return truncated;
    }
}
