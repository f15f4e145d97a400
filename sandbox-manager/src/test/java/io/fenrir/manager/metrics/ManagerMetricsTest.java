package io.fenrir.manager.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fenrir.core.job.JobStatus;
import io.fenrir.core.job.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManagerMetricsTest {
    private final ManagerMetrics metrics = new ManagerMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    /** Every sample of the scrape: series (name and labels) → value. */
    private Map<String, Double> samples() {
        return metrics.scrape().lines().filter(line -> !line.startsWith("#"))
                .collect(Collectors.toMap(line -> line.substring(0, line.lastIndexOf(' ')),
                        line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))));
    }

    @Test
    void aFirstDeliveryIsTimedFromSubmissionAndALaterOneCountsAsARedelivery() {
        Instant submitted = Instant.parse("2025-01-01T00:00:00Z");
        metrics.dequeued("python", submitted, 1, submitted.plusMillis(300));
        metrics.dequeued("python", submitted, 2, submitted.plusSeconds(40));

        assertThat(samples()).containsEntry("fenrir_queue_wait_seconds_count{language=\"python\"}", 1.0)
                .containsEntry("fenrir_queue_wait_seconds_bucket{language=\"python\",le=\"0.25\"}", 0.0)
                .containsEntry("fenrir_queue_wait_seconds_bucket{language=\"python\",le=\"0.5\"}", 1.0)
                .containsEntry("fenrir_queue_redeliveries_total", 1.0);
    }

    @Test
    void rareEventsAreExportedAtZeroBeforeTheyHappen() {
        assertThat(samples()).containsEntry("fenrir_dead_letters_total{cause=\"undecodable\"}", 0.0)
                .containsEntry("fenrir_dead_letters_total{cause=\"attempts_failed\"}", 0.0)
                .containsEntry("fenrir_dead_letters_total{cause=\"deliveries_exhausted\"}", 0.0)
                .containsEntry("fenrir_queue_redeliveries_total", 0.0);
    }

    @Test
    void labelsFromOutsideTheManagerAreBoundedToKnownValues() {
        metrics.step("../../etc", "cobol", Verdict.OK, 10);
        metrics.dequeued(null, Instant.now(), 1, Instant.now());

        assertThat(samples())
                .containsEntry("fenrir_job_step_seconds_count{language=\"unknown\",step=\"unknown\",verdict=\"OK\"}", 1.0)
                .containsEntry("fenrir_queue_wait_seconds_count{language=\"unknown\"}", 1.0)
                .allSatisfy((series, value) -> assertThat(series).doesNotContain("cobol").doesNotContain("etc"));
    }

    @Test
    void aJobsEndToEndTimeIsLabelledWithItsStatusAndVerdict() {
        Instant submitted = Instant.now();
        metrics.finished("c", JobStatus.COMPLETED, Verdict.TIME_LIMIT, submitted, submitted.plusSeconds(3));
        metrics.finished("c", JobStatus.CANCELLED, null, submitted, submitted.plusSeconds(1));

        assertThat(samples())
                .containsEntry("fenrir_job_end_to_end_seconds_count{language=\"c\",status=\"COMPLETED\",verdict=\"TIME_LIMIT\"}", 1.0)
                .containsEntry("fenrir_job_end_to_end_seconds_count{language=\"c\",status=\"CANCELLED\",verdict=\"none\"}", 1.0);
    }

    @Test
    void aFailedWriteIsTimedApartFromTheSuccessfulOnes() {
        metrics.postgresWrites().time(() -> true);
        try {
            metrics.s3Writes().time(() -> {
                throw new java.io.IOException("S3 is down");
            });
        } catch (java.io.IOException expected) {
            // timed, then passed on
        }

        assertThat(samples())
                .containsEntry("fenrir_storage_write_seconds_count{outcome=\"success\",store=\"postgres\"}", 1.0)
                .containsEntry("fenrir_storage_write_seconds_count{outcome=\"failure\",store=\"s3\"}", 1.0);
    }

    @Test
    void workersAreGaugedByStateAtEachScrape() {
        int[] idle = {2};
        metrics.watchWorkers(3, () -> idle[0], () -> 1, () -> 0);
        metrics.workerCreation(Duration.ofMillis(1200), true);
        idle[0] = 1;

        assertThat(samples()).containsEntry("fenrir_workers{state=\"idle\"}", 1.0)
                .containsEntry("fenrir_workers{state=\"busy\"}", 1.0)
                .containsEntry("fenrir_workers{state=\"warming\"}", 0.0)
                .containsEntry("fenrir_worker_pool_size", 3.0)
                .containsEntry("fenrir_worker_creation_seconds_count{outcome=\"success\"}", 1.0);
    }
}
