package io.fenrir.core.job;

import java.time.Instant;

/**
 * The terminal record of one job attempt: COMPLETED with a verdict and figures, or FAILED with
 * verdict INTERNAL_ERROR and the reason the platform could not judge it.
 */
public record Outcome(JobStatus status, Verdict verdict, int attempt, Integer exitCode, Integer signal, Long wallMs,
        Long cpuMs, Long memoryPeakKb, Boolean stdoutTruncated, Boolean stderrTruncated, String error,
        Instant startedAt, Instant finishedAt) {

    public static Outcome failed(int attempt, String error, Instant startedAt) {
        return new Outcome(JobStatus.FAILED, Verdict.INTERNAL_ERROR, attempt, null, null, null, null, null, null, null,
                error, startedAt, Instant.now());
    }

    public static Outcome cancelled(int attempt, Instant startedAt) {
        return new Outcome(JobStatus.CANCELLED, null, attempt, null, null, null, null, null, null, null,
                "cancelled while it ran", startedAt, Instant.now());
    }
}
