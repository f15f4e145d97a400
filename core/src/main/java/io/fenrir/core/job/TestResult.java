package io.fenrir.core.job;

/**
 * How one test went: its verdict (WRONG_ANSWER when the program ran within its limits but printed
 * something else; SKIPPED when it was not judged) and what its run used.
 */
public record TestResult(int index, Verdict verdict, Integer exitCode, Integer signal, Long wallMs, Long cpuMs,
        Long memoryPeakKb, Boolean stdoutTruncated) {

    public static TestResult skipped(int index) {
        return new TestResult(index, Verdict.SKIPPED, null, null, null, null, null, null);
    }

    public boolean passed() {
        return verdict == Verdict.OK;
    }
}
