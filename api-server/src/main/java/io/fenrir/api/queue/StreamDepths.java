package io.fenrir.api.queue;

import io.fenrir.core.job.JobNames;
import io.fenrir.platform.nats.JetStreamErrors;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamInfo;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * How many messages the work stream and the dead-letter stream hold, read from JetStream in the
 * background every {@link #REFRESH} rather than at each scrape: a scrape then costs no NATS request
 * and never waits on a NATS that is down. A figure that could not be read is NaN (Prometheus shows
 * a gap, not a stale number).
 */
@ApplicationScoped
public class StreamDepths {
    /** Well under Prometheus's 15 s scrape interval: a scrape sees figures at most this old. */
    static final Duration REFRESH = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(StreamDepths.class);

    private final JetStreamManagement streams;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fenrir-stream-depths");
        thread.setDaemon(true);
        return thread;
    });
    private volatile double jobs = Double.NaN;
    private volatile double jobLimit = Double.NaN;
    private volatile double deadLetters = Double.NaN;

    public StreamDepths(Connection connection) throws IOException {
        this.streams = connection.jetStreamManagement();
        refresher.scheduleWithFixedDelay(this::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Jobs in FENRIR_JOBS: waiting, or taken by a manager and not acknowledged yet. */
    public double jobs() {
        return jobs;
    }

    /** FENRIR_JOBS's message limit (fenrir.queue.max-pending, as applied to the stream). */
    public double jobLimit() {
        return jobLimit;
    }

    /** Dead letters in FENRIR_DLQ. */
    public double deadLetters() {
        return deadLetters;
    }

    private void refresh() {
        try {
            StreamInfo work = streams.getStreamInfo(JobNames.STREAM);
            jobs = work.getStreamState().getMsgCount();
            jobLimit = work.getConfiguration().getMaxMsgs();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.debugf("failed to read stream %s: %s", JobNames.STREAM, e.getMessage());
            jobs = Double.NaN;
            jobLimit = Double.NaN;
        }
        try {
            deadLetters = streams.getStreamInfo(JobNames.DEAD_LETTER_STREAM).getStreamState().getMsgCount();
        } catch (JetStreamApiException e) {
            // Not found: no manager has created the dead-letter stream yet, so it holds none.
            deadLetters = e.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND ? 0 : Double.NaN;
        } catch (IOException | RuntimeException e) {
            LOG.debugf("failed to read stream %s: %s", JobNames.DEAD_LETTER_STREAM, e.getMessage());
            deadLetters = Double.NaN;
        }
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }
}
