package io.fenrir.api.wait;

import io.fenrir.api.config.FenrirConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests of this instance that wait for a job to finish, each until its job's finished notice
 * or its own deadline, whichever comes first. No thread waits: a waiter is a future, completed (always
 * normally) by {@link #finished} or by its timeout. At most {@code max} wait at once.
 */
@ApplicationScoped
public class JobWaiters {
    private final int max;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ConcurrentHashMap<String, Set<CompletableFuture<Void>>> byJob = new ConcurrentHashMap<>();

    @Inject
    public JobWaiters(FenrirConfig config) {
        this(config.waits().maxWaiters());
    }

    JobWaiters(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("fenrir.wait.max-waiters is " + max + "; it must be at least 1");
        }
        this.max = max;
    }

    /**
     * A future completed when job {@code jobId} is announced finished or {@code wait} has passed; empty
     * when {@code max} requests wait already. Whoever completes it early frees the place at once.
     */
    public Optional<CompletableFuture<Void>> await(String jobId, Duration wait) {
        if (!reservePlace()) {
            return Optional.empty();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        byJob.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(done);
        done.whenComplete((ignored, failure) -> {
            byJob.computeIfPresent(jobId, (id, waiters) -> {
                waiters.remove(done);
                return waiters.isEmpty() ? null : waiters;
            });
            waiting.decrementAndGet();
        });
        done.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS);
        return Optional.of(done);
    }

    /** Wakes every request waiting for job {@code jobId}. */
    public void finished(String jobId) {
        Set<CompletableFuture<Void>> waiters = byJob.remove(jobId);
        if (waiters != null) {
            waiters.forEach(done -> done.complete(null));
        }
    }

    /** Requests waiting now. */
    public int waiting() {
        return waiting.get();
    }

    public int max() {
        return max;
    }

    private boolean reservePlace() {
        while (true) {
            int current = waiting.get();
            if (current >= max) {
                return false;
            }
            if (waiting.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }
}
