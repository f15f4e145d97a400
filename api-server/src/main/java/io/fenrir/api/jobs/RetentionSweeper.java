package io.fenrir.api.jobs;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.api.persist.JobRows;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deletes the jobs that finished longer than fenrir.retention.max-age ago, every fenrir.retention.interval,
 * in batches, as DELETE /jobs/{id} does; nothing without a max age. Every API instance sweeps: a job
 * two of them delete at once is deleted once (each step is idempotent).
 */
@Startup
@ApplicationScoped
public class RetentionSweeper {
    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class);
    private static final int BATCH = 100;

    private final JobRows rows;
    private final JobDeletion deletion;
    private final Optional<Duration> maxAge;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "retention-sweeper");
        thread.setDaemon(true);
        return thread;
    });

    public RetentionSweeper(JobRows rows, JobDeletion deletion, FenrirConfig config) {
        this.rows = rows;
        this.deletion = deletion;
        this.maxAge = config.retention().maxAge();
        long interval = config.retention().interval().toMillis();
        maxAge.ifPresent(age -> {
            LOG.infof("retention: finished jobs are deleted %s after they finished", age);
            sweeper.scheduleWithFixedDelay(this::sweepOnce, interval, interval, TimeUnit.MILLISECONDS);
        });
    }

    /** Deletes every job past its age, a batch at a time; a store that is down ends this sweep. */
    void sweepOnce() {
        Instant before = Instant.now().minus(maxAge.orElseThrow());
        try {
            List<String> expired;
            do {
                expired = rows.finishedBefore(before, BATCH);
                for (String id : expired) {
                    deletion.delete(id, JobDeletion.Reason.RETENTION);
                }
            } while (expired.size() == BATCH);
        } catch (ApiException | PersistenceException e) {
            LOG.warnf("retention: failed to delete expired jobs, trying again in the next sweep: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "retention: failed to sweep");
        }
    }

    @PreDestroy
    void stop() {
        sweeper.shutdownNow();
    }
}
