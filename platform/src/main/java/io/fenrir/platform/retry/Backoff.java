package io.fenrir.platform.retry;

import java.time.Duration;

/**
 * Exponential backoff: the delay before the first retry, doubled before each further one, up to
 * {@code max}.
 */
public record Backoff(Duration first, Duration max) {

    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 < first <= max, got " + first + " and " + max);
        }
    }

    /** The delay after {@code delay}: twice as long, at most {@link #max}. */
    public Duration after(Duration delay) {
        Duration doubled = delay.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
