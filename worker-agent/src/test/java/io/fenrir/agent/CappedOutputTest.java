package io.fenrir.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CappedOutputTest {

    @Test
    void keepsEverythingUpToTheLimitWithoutCallingItTruncated() {
        CappedOutput output = new CappedOutput(10);

        assertThat(output.admit(4)).isEqualTo(4);
        assertThat(output.admit(6)).isEqualTo(6);

        assertThat(output.truncated()).isFalse();
    }

    @Test
    void keepsTheStartOfAReadThatCrossesTheLimit() {
        CappedOutput output = new CappedOutput(10);
        output.admit(8);

        assertThat(output.admit(5)).isEqualTo(2);
        assertThat(output.truncated()).isTrue();
    }

    @Test
    void dropsEverythingAfterTheLimit() {
        CappedOutput output = new CappedOutput(10);
        output.admit(10);

        assertThat(output.admit(1_000)).isZero();
        assertThat(output.admit(Integer.MAX_VALUE)).isZero();
        assertThat(output.truncated()).isTrue();
    }

    @Test
    void keepsNothingWithALimitOfZero() {
        CappedOutput output = new CappedOutput(0);

        assertThat(output.admit(1)).isZero();
        assertThat(output.truncated()).isTrue();
    }

    @Test
    void callsOutputThatCouldNotBeReadToTheEndTruncated() {
        CappedOutput output = new CappedOutput(10);
        output.admit(3);

        output.markIncomplete();

        assertThat(output.truncated()).isTrue();
    }
}
