package io.fenrir.it.chaos;

import static org.awaitility.Awaitility.await;

import io.fenrir.it.stack.FenrirStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The faults of the suite, injected into a running {@link FenrirStack} one at a time. Each returns
 * once the part it broke is running again; what it did and when is kept for the report.
 */
final class Faults {
    static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration DOWN_BEFORE_RESTART = Duration.ofSeconds(2);

    private final FenrirStack stack;
    private final Instant origin;
    final List<String> log = new ArrayList<>();

    Faults(FenrirStack stack, Instant origin) {
        this.stack = stack;
        this.origin = origin;
    }

    /** kill -9 of the API server, then a start on the same port. */
    void killApi() {
        record("kill -9 api-server");
        stack.api.kill();
        pause(DOWN_BEFORE_RESTART);
        stack.api.start();
        record("api-server ready again");
    }

    /** kill -9 of the sandbox manager while a worker runs a job (its containers live on), then a start. */
    void killManagerMidJob() {
        String worker = awaitAJobRunning();
        record("kill -9 sandbox-manager while worker " + worker + " runs a job");
        stack.manager.kill();
        pause(DOWN_BEFORE_RESTART);
        stack.manager.start();
        record("sandbox-manager ready again");
    }

    /** Kills every process of a worker container that runs a job, as a crash inside it would. */
    void killWorkerMidJob() {
        String worker = awaitAJobRunning();
        record("kill -9 every process of worker " + worker + " mid-job");
        stack.killWorker(worker);
    }

    /** kill -9 of nats-server (JetStream's files stay), then a start on the same port and store. */
    void killNats() {
        record("kill -9 nats-server");
        stack.nats.kill();
        pause(DOWN_BEFORE_RESTART);
        stack.nats.start();
        record("nats-server ready again");
    }

    void stopPostgres() {
        record("stop PostgreSQL for " + OUTAGE.toSeconds() + " s");
        stack.postgres.stop();
        pause(OUTAGE);
        stack.postgres.start();
        record("PostgreSQL ready again");
    }

    void stopS3() {
        record("stop the S3 server for " + OUTAGE.toSeconds() + " s");
        stack.s3.stop();
        pause(OUTAGE);
        stack.s3.start();
        record("S3 server ready again");
    }

    private String awaitAJobRunning() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(stack::workersRunningAJob, workers -> !workers.isEmpty()).get(0);
    }

    void record(String what) {
        String line = "%6.1f s  %s".formatted(Duration.between(origin, Instant.now()).toMillis() / 1000.0, what);
        log.add(line);
        System.out.println("[chaos] " + line);
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
