package io.fenrir.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TestsJsonTest {

    @Test
    void eachTestIsAnObjectWithoutTheFieldsThatDoNotApply() {
        assertThat(JobTable.testsJson(List.of(
                new TestResult(0, Verdict.OK, 0, 0, 31L, 12L, 8712L, false),
                new TestResult(1, Verdict.WRONG_ANSWER, 0, 0, 30L, 11L, 8700L, false),
                TestResult.skipped(2))))
                .isEqualTo("[{\"index\":0,\"verdict\":\"OK\",\"exitCode\":0,\"signal\":0,\"wallMs\":31,\"cpuMs\":12,"
                        + "\"memoryPeakKb\":8712,\"stdoutTruncated\":false},"
                        + "{\"index\":1,\"verdict\":\"WRONG_ANSWER\",\"exitCode\":0,\"signal\":0,\"wallMs\":30,\"cpuMs\":11,"
                        + "\"memoryPeakKb\":8700,\"stdoutTruncated\":false},"
                        + "{\"index\":2,\"verdict\":\"SKIPPED\"}]");
        assertThat(JobTable.testsJson(List.of())).isEqualTo("[]");
        assertThat(JobTable.testsJson(null)).isNull();
    }
}
