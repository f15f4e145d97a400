package io.fenrir.platform.metrics;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * What the API server's and the sandbox manager's metrics must agree on: the storage-write timer
 * both export (told apart by the scrape's job label), and the one bucket ladder of every latency
 * histogram, so that the dashboards' percentiles of different stages are comparable. Names are
 * Micrometer's (dots); Prometheus sees {@code fenrir_storage_write_seconds_bucket} and so on.
 */
public final class CommonMeters {
    /** Timer of each write to PostgreSQL or S3 on a job's way through, failed attempts included. */
    public static final String STORAGE_WRITE = "fenrir.storage.write";
    /** Tag of {@link #STORAGE_WRITE}: {@link #POSTGRES} or {@link #S3}. */
    public static final String STORE = "store";
    public static final String POSTGRES = "postgres";
    public static final String S3 = "s3";
    /** Tag: {@link #SUCCESS} or {@link #FAILURE}. */
    public static final String OUTCOME = "outcome";
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    /**
     * Upper bounds of every Fenrir latency histogram, 1 ms to 5 min: a fixed ladder rather than
     * Micrometer's ~70 percentile buckets, since the step timers carry language × verdict labels and
     * each bucket is a series of its own. histogram_quantile interpolates within a bucket, so a
     * percentile is as exact as the bucket it falls in (a p99 of 3 s reads between 2.5 s and 5 s).
     */
    public static final List<Duration> LATENCY_BUCKETS = List.of(
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(5));

    private CommonMeters() {
    }

    /** {@link #LATENCY_BUCKETS} in nanoseconds, the unit Micrometer's timer histograms take. */
    public static double[] latencyBucketsNanos() {
        return LATENCY_BUCKETS.stream().mapToDouble(Duration::toNanos).toArray();
    }

    /** A timer with the bucket ladder {@link #LATENCY_BUCKETS}. */
    public static Timer.Builder latency(String name, String description) {
        return Timer.builder(name).description(description)
                .serviceLevelObjectives(LATENCY_BUCKETS.toArray(Duration[]::new));
    }
}
