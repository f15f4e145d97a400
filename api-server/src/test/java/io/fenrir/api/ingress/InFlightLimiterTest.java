package io.fenrir.api.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightLimiterTest {

    @Test
    void admitsUpToItsMaximumThenRefuses() {
        InFlightLimiter limiter = new InFlightLimiter(2);
        assertThat(limiter.tryAcquire()).isPresent();
        assertThat(limiter.tryAcquire()).isPresent();
        assertThat(limiter.tryAcquire()).isEmpty();
        assertThat(limiter.inFlight()).isEqualTo(2);
    }

    @Test
    void aReleasedPermitMakesRoomForOneMore() {
        InFlightLimiter limiter = new InFlightLimiter(1);
        InFlightLimiter.Permit permit = limiter.tryAcquire().orElseThrow();
        assertThat(limiter.tryAcquire()).isEmpty();
        permit.release();
        assertThat(limiter.inFlight()).isZero();
        assertThat(limiter.tryAcquire()).isPresent();
    }

    @Test
    void releasingAPermitTwiceFreesOneSlot() {
        InFlightLimiter limiter = new InFlightLimiter(3);
        InFlightLimiter.Permit first = limiter.tryAcquire().orElseThrow();
        limiter.tryAcquire().orElseThrow();
        first.release();
        first.release();
        assertThat(limiter.inFlight()).isEqualTo(1);
    }

    @Test
    void aRefusalTakesNoSlot() {
        InFlightLimiter limiter = new InFlightLimiter(1);
        limiter.tryAcquire().orElseThrow();
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire()).isEmpty();
        }
        assertThat(limiter.inFlight()).isEqualTo(1);
    }

    @Test
    void underContentionTheCountNeverExceedsTheMaximumAndEndsAtZero() throws Exception {
        int max = 4;
        InFlightLimiter limiter = new InFlightLimiter(max);
        AtomicInteger highest = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            done.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < 10_000; i++) {
                    Optional<InFlightLimiter.Permit> permit = limiter.tryAcquire();
                    if (permit.isPresent()) {
                        admitted.incrementAndGet();
                        highest.accumulateAndGet(limiter.inFlight(), Math::max);
                        permit.get().release();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();
        assertThat(highest.get()).isBetween(1, max);
        assertThat(admitted.get()).isPositive();
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void aMaximumBelowOneIsAConfigurationError() {
        assertThatThrownBy(() -> new InFlightLimiter(0)).hasMessageContaining("fenrir.ingress.max-in-flight is 0");
    }
}
