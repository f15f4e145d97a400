package io.fenrir.core.job;

/**
 * One test of a job: the program runs once with {@code stdin} and its standard output must match
 * {@code expectedOutput} under the job's {@link Comparison}.
 *
 * @param limits the run's limits for this test, or null for the job's
 */
public record TestCase(String stdin, String expectedOutput, Limits limits) {

    public TestCase {
        stdin = stdin == null ? "" : stdin;
        expectedOutput = expectedOutput == null ? "" : expectedOutput;
    }

    /** The limits this test runs with. */
    public Limits limitsOr(Limits jobLimits) {
        return limits == null ? jobLimits : limits;
    }
}
