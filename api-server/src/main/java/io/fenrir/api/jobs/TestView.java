package io.fenrir.api.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One test of a finished job as clients see it (GET /jobs/{id}, {@code tests}); a SKIPPED test has only
 * its index and verdict.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TestView(int index, String verdict, Integer exitCode, Integer signal, Long wallMs, Long cpuMs,
        Long memoryPeakKb, Boolean stdoutTruncated) {
}
