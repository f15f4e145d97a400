package io.fenrir.api.wait;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.api.jobs.JobView;
import io.fenrir.core.job.JobStatus;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Answers with a job once it has finished, or as it is when the wait is over. A waiting request
 * registers first and reads second, so that a notice sent before it registered cannot be missed:
 * then the read sees the finished record. The reads after the request's first run on threads of
 * their own, in request contexts of their own ({@link FreshJobReads}).
 */
@ApplicationScoped
public class JobWaits {
    /** The reads of waiting requests: as many at once as the datasource has connections. */
    private static final int READERS = 8;

    private final JobWaiters waiters;
    private final FreshJobReads reads;
    private final Duration retryAfter;
    private final ExecutorService readers = Executors.newFixedThreadPool(READERS, runnable -> {
        Thread thread = new Thread(runnable, "job-wait-read");
        thread.setDaemon(true);
        return thread;
    });

    public JobWaits(JobWaiters waiters, FreshJobReads reads, FenrirConfig config) {
        this.waiters = waiters;
        this.reads = reads;
        this.retryAfter = config.waits().retryAfter();
    }

    /**
     * The job {@code current} once it has finished or {@code wait} has passed.
     *
     * @param leaveIngress called once the request waits (it then leaves the in-flight count)
     * @throws ApiException 429 too_many_waiters when this instance has its maximum of waiting requests
     */
    public CompletionStage<JobView> untilFinished(JobView current, Duration wait, Runnable leaveIngress) {
        if (finished(current)) {
            return CompletableFuture.completedFuture(current);
        }
        return tryUntilFinished(current.id(), wait, leaveIngress).orElseThrow(() -> ApiException.tooMany(
                "too_many_waiters", "this API instance has " + waiters.max()
                        + " requests waiting for jobs, its limit; retry, or ask for the job without waitMs",
                retryAfter));
    }

    /** As {@link #untilFinished} for a job just submitted; empty when no more requests may wait. */
    public Optional<CompletionStage<JobView>> tryUntilFinished(String jobId, Duration wait, Runnable leaveIngress) {
        Optional<CompletableFuture<Void>> done = waiters.await(jobId, wait);
        if (done.isEmpty()) {
            return Optional.empty();
        }
        leaveIngress.run();
        CompletableFuture<Void> notice = done.get();
        CompletionStage<JobView> answer = CompletableFuture.supplyAsync(() -> reads.find(jobId), readers)
                .thenCompose(job -> {
                    if (finished(job)) {
                        notice.complete(null);
                        return CompletableFuture.completedFuture(job);
                    }
                    return notice.thenApplyAsync(woken -> reads.find(jobId), readers);
                })
                .whenComplete((job, failure) -> notice.complete(null));
        return Optional.of(unwrapped(answer));
    }

    @PreDestroy
    void stop() {
        readers.shutdownNow();
    }

    private static boolean finished(JobView job) {
        return JobStatus.valueOf(job.status()).isTerminal();
    }

    /** An ApiException thrown by a read reaches the error mappers as itself, not inside a CompletionException. */
    private static <T> CompletionStage<T> unwrapped(CompletionStage<T> stage) {
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            }
        });
        return result;
    }
}
