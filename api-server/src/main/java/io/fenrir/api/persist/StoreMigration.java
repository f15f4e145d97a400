package io.fenrir.api.persist;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.platform.retry.Backoff;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Brings the job store's schema up to date (Flyway, db/migration) in the background, retrying with
 * backoff until PostgreSQL answers, instead of at start-up (quarkus.flyway.migrate-at-start is
 * off). Accepting a job needs only JetStream, so the API starts, is ready and accepts jobs while
 * PostgreSQL is down; rows written before the migration are retried like any write to a store
 * that is down. Several instances may migrate at once: Flyway serialises them with a lock in the
 * database.
 */
@ApplicationScoped
public class StoreMigration {
    private static final Logger LOG = Logger.getLogger(StoreMigration.class);

    private final Flyway flyway;
    private final Backoff backoff;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fenrir-migration");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean migrated;

    public StoreMigration(Flyway flyway, FenrirConfig config) {
        this.flyway = flyway;
        this.backoff = new Backoff(config.persistence().initialBackoff(), config.persistence().maxBackoff());
    }

    void start(@Observes StartupEvent started) {
        executor.execute(new RetryingTask(null, "migrate the job store's schema", flyway::migrate, () -> {
            migrated = true;
            LOG.info("the job store's schema is up to date");
            executor.shutdown();
        }, executor, backoff));
    }

    /** Whether the schema is up to date; until then reads of the store fail (503 store_unavailable). */
    public boolean migrated() {
        return migrated;
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
