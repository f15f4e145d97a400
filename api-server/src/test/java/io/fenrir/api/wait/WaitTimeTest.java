package io.fenrir.api.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fenrir.api.error.ApiException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WaitTimeTest {
    private static final Duration MAX = Duration.ofSeconds(60);

    @Test
    void waitMsIsAWholeNumberOfMillisecondsUpToTheMaximum() {
        assertThat(WaitTime.ofQuery(null, MAX)).isEmpty();
        assertThat(WaitTime.ofQuery("0", MAX)).isEmpty();
        assertThat(WaitTime.ofQuery("2500", MAX)).contains(Duration.ofMillis(2500));
        assertThat(WaitTime.ofQuery("60000", MAX)).contains(MAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "1.5", "ten", " 10", "1e3", "0x10"})
    void aWaitMsThatIsNotAWholeNumberIsRefused(String waitMs) {
        assertThatThrownBy(() -> WaitTime.ofQuery(waitMs, MAX)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("invalid_wait");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"60001", "99999999999999999999999"})
    void aWaitMsAboveTheMaximumIsRefusedNotCut(String waitMs) {
        assertThatThrownBy(() -> WaitTime.ofQuery(waitMs, MAX)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.code()).isEqualTo("wait_too_long");
            assertThat(e.getMessage()).contains("60000 ms");
        });
    }

    @Test
    void theWaitPreferenceIsFoundAmongOthersInSeconds() {
        assertThat(WaitTime.ofPreferHeaders(List.of("wait=10"), MAX)).contains(Duration.ofSeconds(10));
        assertThat(WaitTime.ofPreferHeaders(List.of("respond-async, Wait = 5"), MAX)).contains(Duration.ofSeconds(5));
        assertThat(WaitTime.ofPreferHeaders(List.of("return=minimal", "wait=\"7\"; foo=bar"), MAX))
                .contains(Duration.ofSeconds(7));
    }

    @Test
    void aWaitPreferenceAboveTheMaximumIsCutToIt() {
        assertThat(WaitTime.ofPreferHeaders(List.of("wait=3600"), MAX)).contains(MAX);
        assertThat(WaitTime.ofPreferHeaders(List.of("wait=99999999999999999999999"), MAX)).contains(MAX);
        assertThat(WaitTime.applied(MAX)).isEqualTo("wait=60");
    }

    @Test
    void aPreferenceThatIsAbsentZeroOrNotUnderstoodIsIgnored() {
        assertThat(WaitTime.ofPreferHeaders(null, MAX)).isEmpty();
        assertThat(WaitTime.ofPreferHeaders(List.of(), MAX)).isEmpty();
        assertThat(WaitTime.ofPreferHeaders(List.of("respond-async"), MAX)).isEmpty();
        assertThat(WaitTime.ofPreferHeaders(List.of("wait=0"), MAX)).isEmpty();
        assertThat(WaitTime.ofPreferHeaders(List.of("wait=soon"), MAX)).isEmpty();
        assertThat(WaitTime.ofPreferHeaders(List.of("wait=-3"), MAX)).isEmpty();
        assertThat(WaitTime.ofPreferHeaders(List.of("waiting=3"), MAX)).isEmpty();
    }
}
