package io.fenrir.api.persist;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobNames;
import io.fenrir.core.job.SourceFile;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes an accepted job's metadata row and source objects after the client got its answer. The
 * two writes are retried independently: S3 being down does not delay the row, nor the reverse.
 * Until its row is written, a job is remembered here so that GET /jobs/{id} can answer QUEUED.
 */
@ApplicationScoped
public class BackgroundPersistence {
    private final JobRows rows;
    private final ObjectStore objects;
    private final FenrirConfig.Persistence config;
    private final Map<String, JobMessage> unwrittenRows = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "fenrir-persistence");
        thread.setDaemon(true);
        return thread;
    });

    public BackgroundPersistence(JobRows rows, ObjectStore objects, FenrirConfig config) {
        this.rows = rows;
        this.objects = objects;
        this.config = config.persistence();
    }

    public void persistAccepted(JobMessage job) {
        unwrittenRows.put(job.id(), job);
        schedule("insert row of job " + job.id(), () -> rows.insertQueued(job), () -> unwrittenRows.remove(job.id()));
        for (SourceFile file : job.files()) {
            schedule("store source " + file.name() + " of job " + job.id(),
                    // Bytes as sent: a base64 file need not be text.
                    () -> objects.put(JobNames.sourceKey(job.id(), file.name()), file.content(),
                            "application/octet-stream"),
                    () -> { });
        }
    }

    /** A job accepted by this process whose row is not in Postgres yet. */
    public Optional<JobMessage> pending(String id) {
        return Optional.ofNullable(unwrittenRows.get(id));
    }

    private void schedule(String what, RetryingTask.Write write, Runnable onSuccess) {
        executor.execute(new RetryingTask(what, write, onSuccess, executor, config.maxAttempts(),
                config.initialBackoff(), config.maxBackoff()));
    }

    @PreDestroy
    void drain() throws InterruptedException {
        // Give queued writes a moment on a graceful stop; what remains is still in JetStream and the
        // manager writes the complete record when the job finishes.
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
