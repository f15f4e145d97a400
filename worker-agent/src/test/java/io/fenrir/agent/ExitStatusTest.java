package io.fenrir.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitStatusTest {

    @ParameterizedTest(name = "exit value {0} is exit code {1}, signal {2}")
    @CsvSource({
        "0, 0, 0",
        "1, 1, 0",
        "128, 128, 0",
        "129, -1, 1",
        "137, -1, 9",
        "139, -1, 11",
        "192, -1, 64",
        "193, 193, 0",
        "255, 255, 0",
    })
    void decodesTheJdkExitValue(int exitValue, int exitCode, int signal) {
        assertThat(ExitStatus.fromExitValue(exitValue)).isEqualTo(new ExitStatus(exitCode, signal));
    }
}
