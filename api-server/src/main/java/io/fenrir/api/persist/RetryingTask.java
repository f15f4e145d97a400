package io.fenrir.api.persist;

import io.fenrir.api.logging.JobLog;
import io.fenrir.platform.retry.Backoff;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs one write, and on failure schedules it again with exponential backoff until it succeeds: a
 * write for an accepted job is never given up while the process runs (what bounds the retries'
 * memory is {@link PendingWrites}). A store that is down for long makes one warning per attempt
 * that is a power of two, not one per attempt.
 */
final class RetryingTask implements Runnable {
    private static final Logger LOG = Logger.getLogger(RetryingTask.class);

    interface Write {
        void run() throws Exception;
    }

    private final String jobId;
    private final String what;
    private final Write write;
    private final Runnable onSuccess;
    private final ScheduledExecutorService executor;
    private final Backoff backoff;
    private Duration delay;
    private int attempt;

    /** @param jobId the job the write is for, for the log lines; null when none */
    RetryingTask(String jobId, String what, Write write, Runnable onSuccess, ScheduledExecutorService executor,
            Backoff backoff) {
        this.jobId = jobId;
        this.what = what;
        this.write = write;
        this.onSuccess = onSuccess;
        this.executor = executor;
        this.backoff = backoff;
        this.delay = backoff.first();
    }

    @Override
    public void run() {
        JobLog.put(jobId);
        try {
            attempt();
        } finally {
            JobLog.clear();
        }
    }

    private void attempt() {
        attempt++;
        try {
            write.run();
        } catch (Exception e) {
            if (Integer.bitCount(attempt) == 1) {
                LOG.warnf("failed to %s (attempt %d), retrying in %d ms: %s", what, attempt, delay.toMillis(),
                        e.getMessage());
            }
            retryLater();
            return;
        }
        if (attempt > 1) {
            LOG.infof("did %s at attempt %d", what, attempt);
        }
        onSuccess.run();
    }

    private void retryLater() {
        try {
            executor.schedule(this, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // The process is stopping. The job is in JetStream, and the manager writes its whole row.
            LOG.warnf("stopping before I could %s", what);
            return;
        }
        delay = backoff.after(delay);
    }
}
