package io.fenrir.api.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.metrics.QueueLeftovers;
import io.fenrir.api.persist.FinishedJobs;
import io.fenrir.core.job.JobNames;
import io.nats.client.Connection;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the {@link LeftoverSweep} of the work stream every fenrir.queue.sweep-interval, in the
 * background. Every API instance sweeps; removing a message twice is harmless. A sweep that cannot
 * reach NATS or PostgreSQL removes nothing and waits for the next.
 */
@Startup
@ApplicationScoped
public class LeftoverSweeper {
    private static final Logger LOG = Logger.getLogger(LeftoverSweeper.class);

    private final LeftoverSweep sweep;
    private final QueueLeftovers leftovers;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fenrir-leftover-sweep");
        thread.setDaemon(true);
        return thread;
    });

    public LeftoverSweeper(FenrirConfig config, Connection connection, ObjectMapper json, FinishedJobs finished,
            QueueLeftovers leftovers) throws IOException {
        this.sweep = new LeftoverSweep(new JetStreamWorkQueue(connection.jetStreamManagement(), json),
                finished::among);
        this.leftovers = leftovers;
        Duration interval = config.queue().sweepInterval();
        sweeper.scheduleWithFixedDelay(this::sweepOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweepOnce() {
        try {
            LeftoverSweep.Result result = sweep.sweep();
            if (!result.removed().isEmpty()) {
                leftovers.removed(result.removed().size());
                LOG.infof("removed %d messages of finished jobs that %s kept after their acknowledgement: %s",
                        result.removed().size(), JobNames.STREAM, result.removed());
            }
            if (!result.kept().isEmpty()) {
                LOG.debugf("kept %d messages past the consumer of %s whose jobs have not finished: %s",
                        result.kept().size(), JobNames.STREAM, result.kept());
            }
        } catch (Exception e) {
            // NATS or PostgreSQL down: the leftovers wait for the next sweep, harmlessly.
            LOG.debugf("failed to sweep %s: %s", JobNames.STREAM, e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        sweeper.shutdownNow();
    }
}
