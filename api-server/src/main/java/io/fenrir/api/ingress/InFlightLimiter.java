package io.fenrir.api.ingress;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests in flight and admits one more only while the count is below the maximum.
 * Admission and release are each one atomic step: the count never exceeds the maximum, and it
 * never drifts however often a caller releases the same permit.
 */
public final class InFlightLimiter {
    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();

    public InFlightLimiter(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("fenrir.ingress.max-in-flight is " + max + "; it must be at least 1");
        }
        this.max = max;
    }

    /** A permit for one more request, or empty when {@code max} are in flight. */
    public Optional<Permit> tryAcquire() {
        while (true) {
            int current = inFlight.get();
            if (current >= max) {
                return Optional.empty();
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                return Optional.of(new Permit());
            }
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int max() {
        return max;
    }

    /** One admitted request. Its first release frees the slot; later ones do nothing. */
    public final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit() {
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        }
    }
}
