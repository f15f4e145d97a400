package io.fenrir.core.job;

import java.time.Instant;
import java.util.List;

/**
 * The terminal record of one job attempt: COMPLETED with a verdict and figures, or FAILED with
 * verdict INTERNAL_ERROR and the reason the platform could not judge it. A job with tests has one
 * result per test, in order ({@code tests}; null for a job without tests).
 */
public record Outcome(JobStatus status, Verdict verdict, int attempt, Integer exitCode, Integer signal, Long wallMs,
        Long cpuMs, Long memoryPeakKb, Boolean stdoutTruncated, Boolean stderrTruncated, String error,
        Instant startedAt, Instant finishedAt, List<TestResult> tests) {

    /** The outcome of a job without tests. */
    public Outcome(JobStatus status, Verdict verdict, int attempt, Integer exitCode, Integer signal, Long wallMs,
            Long cpuMs, Long memoryPeakKb, Boolean stdoutTruncated, Boolean stderrTruncated, String error,
            Instant startedAt, Instant finishedAt) {
        this(status, verdict, attempt, exitCode, signal, wallMs, cpuMs, memoryPeakKb, stdoutTruncated,
                stderrTruncated, error, startedAt, finishedAt, null);
    }

    /** Tests that passed; null without tests. */
    public Integer testsPassed() {
        return tests == null ? null : (int) tests.stream().filter(TestResult::passed).count();
    }

    public static Outcome failed(int attempt, String error, Instant startedAt) {
        return new Outcome(JobStatus.FAILED, Verdict.INTERNAL_ERROR, attempt, null, null, null, null, null, null, null,
                error, startedAt, Instant.now());
    }

    public static Outcome cancelled(int attempt, Instant startedAt) {
        return new Outcome(JobStatus.CANCELLED, null, attempt, null, null, null, null, null, null, null,
                "cancelled while it ran", startedAt, Instant.now());
    }
}
