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
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Writes an accepted job's source objects and metadata row after the client got its answer: the row
 * after the first try of the puts, so that it can say the sources are stored ({@link RowAfterSources}).
 * The writes are retried independently until they succeed: S3 being down delays the row by at most
 * {@link #ROW_WAITS_FOR_SOURCES}, and PostgreSQL being down does not delay the sources. Until its row
 * is written, a job is remembered here so that GET /jobs/{id} can answer QUEUED.
 *
 * <p>Room for a job's writes is taken before it is published ({@link #reserve}) and bounded
 * ({@link PendingWrites}): with a store down for long, submissions are refused with 503
 * store_backlog rather than accepted into memory that would run out.
 */
@ApplicationScoped
public class BackgroundPersistence {
    private static final Logger LOG = Logger.getLogger(BackgroundPersistence.class);
    /**
     * How long a row waits for the first tries of its source puts: far longer than a put takes (a
     * process's first, which creates the bucket, included), unless S3 is in trouble. Meanwhile GET
     * answers the job from memory, and the manager may write the row first.
     */
    private static final Duration ROW_WAITS_FOR_SOURCES = Duration.ofSeconds(5);

    private final JobRows rows;
    private final ObjectBucket objects;
    private final StorageWrites writes;
    private final FenrirConfig.Persistence config;
    private final Backoff backoff;
    private final PendingWrites pending;
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, runnable -> {
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
        // A row's deadline is cancelled once its sources were tried: gone from the queue at once.
        executor.setRemoveOnCancelPolicy(true);
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
     * Writes the reserved, now published, job's source objects and then its row in the background.
     * The row waits for the first try of each put (at most {@link #ROW_WAITS_FOR_SOURCES}) so that it
     * can record the sources stored, which spares the manager storing them again; every write is then
     * retried on its own.
     *
     * @param publishedAt when JetStream confirmed it holds the job: the end of its accepted stage
     * @param traceId     the trace of the request that accepted it, or null when tracing is off
     */
    public void persistAccepted(JobMessage job, Instant publishedAt, String traceId) {
        String id = job.id();
        RetryingTask row = new RetryingTask(id, "insert row of job " + id,
                // Each try says whether the sources are all stored by then.
                () -> writes.postgres().run(() -> rows.insertQueued(job, publishedAt, traceId,
                        pending.sourcesStored(id))), () -> {
            pending.rowWritten(id);
            pending.writeDone(id);
        }, executor, backoff);
        RowAfterSources rowAfterSources = new RowAfterSources(job.files().size(), row, executor,
                ROW_WAITS_FOR_SOURCES);
        for (SourceFile file : job.files()) {
            RetryingTask put = new RetryingTask(id, "store source " + file.name() + " of job " + id, () -> {
                // Bytes as sent: a base64 file need not be text.
                writes.s3().run(() -> objects.put(JobNames.sourceKey(id, file.name()), file.content(),
                        "application/octet-stream"));
                pending.sourceStored(id);
            }, () -> pending.writeDone(id), executor, backoff);
            // The put's first try, then (for the last one) the row on the same thread, not behind
            // the puts of the jobs accepted since; later tries are scheduled by the put itself.
            executor.execute(() -> {
                try {
                    put.run();
                } finally {
                    rowAfterSources.sourceTried();
                }
            });
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

    @PreDestroy
    void drain() throws InterruptedException {
        // Give queued writes a moment on a graceful stop; what remains is still in JetStream, and the
        // manager writes the complete record when the job runs, and the sources unless a row says
        // they are stored.
        executor.shutdown();
        if (!executor.awaitTermination(5, TimeUnit.SECONDS) || pending.jobs() > 0) {
            LOG.warnf("stopping with %d accepted jobs not fully written", pending.jobs());
        }
        executor.shutdownNow();
    }
}
