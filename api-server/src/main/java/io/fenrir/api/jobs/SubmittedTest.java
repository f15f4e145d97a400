package io.fenrir.api.jobs;

import java.math.BigDecimal;
import java.util.Map;

/**
 * One element of POST /jobs' {@code tests}.
 *
 * @param stdin          the run's standard input, UTF-8 (optional)
 * @param expectedOutput what its standard output must be, under the job's comparison (optional: empty)
 * @param limits         this test's run limits over the job's (optional), as {@code limits} of the job
 */
public record SubmittedTest(String stdin, String expectedOutput, Map<String, BigDecimal> limits) {
}
