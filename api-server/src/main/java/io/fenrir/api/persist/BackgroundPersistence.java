package io.fenrir.api.persist;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobNames;
import io.fenrir.core.job.SourceFile;
import io.fenrir.platform.metrics.StorageWrites;
import io.fenrir.platform.retry.Backoff;
import io.fenrir.platform.s3.ObjectBucket;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Writes an accepted job's metadata row and source objects after the client got its answer. The
 * writes are retried independently until they succeed: S3 being down does not delay the row, nor
 * the reverse. Until its row is written, a job is remembered here so that GET /jobs/{id} can answer
 * QUEUED.
 *
 * <p>Room for a job's writes is taken before it is published ({@link #reserve}) and bounded
 * ({@link PendingWrites}): with a store down for long, submissions are refused with 503
 * store_backlog rather than accepted into memory that would run out.
 */
@ApplicationScoped
public class BackgroundPersistence {
    private static final Logger LOG = Logger.getLogger(BackgroundPersistence.class);

    private final JobRows rows;
    private final ObjectBucket objects;
    private final StorageWrites writes;
    private final FenrirConfig.Persistence config;
    private final Backoff backoff;
    private final PendingWrites pending;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "fenrir-persistence");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public BackgroundPersistence(JobRows rows, ObjectBucket objects, FenrirConfig config, StorageWrites writes) {
        this(rows, objects, config.persistence(), writes);
    }

    BackgroundPersistence(JobRows rows, ObjectBucket objects, FenrirConfig.Persistence config,
            StorageWrites writes) {
        this.rows = rows;
        this.objects = objects;
        this.writes = writes;
        this.config = config;
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
        this.pending = new PendingWrites(config.maxPending(), config.maxPendingBytes());
    }

    /**
     * Takes room for the job's writes; call before publishing it.
     *
     * @return false when this process is already writing this job (it was accepted here before, by
     *         the same Idempotency-Key): then neither {@link #release} nor {@link #persistAccepted}
     * @throws ApiException 503 store_backlog when too many accepted jobs wait for their writes
     */
    public boolean reserve(JobMessage job) {
        return switch (pending.admit(job, 1 + job.files().size())) {
            case ADMITTED -> true;
            case ALREADY_PENDING -> false;
            case FULL -> throw ApiException.unavailable("store_backlog", "this API instance holds "
                    + pending.jobs() + " accepted jobs (" + pending.bytes() + " bytes) not yet written to the job store,"
                    + " its limit; nothing was accepted, retry later", config.retryAfter());
        };
    }

    /** The reserved job was not published after all. */
    public void release(JobMessage job) {
        pending.forget(job.id());
    }

    /**
     * Writes the reserved, now published, job's row and source objects in the background.
     *
     * @param publishedAt when JetStream confirmed it holds the job: the end of its accepted stage
     * @param traceId     the trace of the request that accepted it, or null when tracing is off
     */
    public void persistAccepted(JobMessage job, Instant publishedAt, String traceId) {
        String id = job.id();
        schedule(id, "insert row of job " + id,
                () -> writes.postgres().run(() -> rows.insertQueued(job, publishedAt, traceId)), () -> {
            pending.rowWritten(id);
            pending.writeDone(id);
        });
        for (SourceFile file : job.files()) {
            schedule(id, "store source " + file.name() + " of job " + id,
                    // Bytes as sent: a base64 file need not be text.
                    () -> writes.s3().run(() -> objects.put(JobNames.sourceKey(id, file.name()), file.content(),
                            "application/octet-stream")),
                    () -> pending.writeDone(id));
        }
    }

    /** A job accepted by this process whose row is not in Postgres yet. */
    public Optional<JobMessage> pending(String id) {
        return pending.unwrittenRow(id);
    }

    /** Accepted jobs whose writes are not all done. */
    public int pendingJobs() {
        return pending.jobs();
    }

    public long pendingBytes() {
        return pending.bytes();
    }

    private void schedule(String jobId, String what, RetryingTask.Write write, Runnable onSuccess) {
        executor.execute(new RetryingTask(jobId, what, write, onSuccess, executor, backoff));
    }

    @PreDestroy
    void drain() throws InterruptedException {
        // Give queued writes a moment on a graceful stop; what remains is still in JetStream and the
        // manager writes the complete record when the job runs (the source objects are lost).
        executor.shutdown();
        if (!executor.awaitTermination(5, TimeUnit.SECONDS) || pending.jobs() > 0) {
            LOG.warnf("stopping with %d accepted jobs not fully written", pending.jobs());
        }
        executor.shutdownNow();
    }
}
