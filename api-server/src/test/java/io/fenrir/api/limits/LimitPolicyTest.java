package io.fenrir.api.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fenrir.api.error.ApiException;
import io.fenrir.core.job.Limits;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitPolicyTest {
    static final Limits DEFAULTS = new Limits(5000, 10000, 256, 64, 1048576, 16777216);
    static final Limits MAXIMA = new Limits(30000, 60000, 1024, 256, 8388608, 67108864);
    private final LimitPolicy policy = new LimitPolicy(DEFAULTS, MAXIMA);

    @Test
    void aRequestWithoutLimitsGetsTheDefaults() {
        assertThat(policy.resolve(null)).isEqualTo(DEFAULTS);
        assertThat(policy.resolve(Map.of())).isEqualTo(DEFAULTS);
    }

    @Test
    void eachLimitTheRequestSetsReplacesItsDefaultAndOnlyThatOne() {
        Limits resolved = policy.resolve(Map.of("cpuMs", new BigDecimal("1000"), "pids", new BigDecimal("256")));
        assertThat(resolved).isEqualTo(new Limits(1000, 10000, 256, 256, 1048576, 16777216));
    }

    @Test
    void aNullValueMeansNotSet() {
        Map<String, BigDecimal> requested = new HashMap<>();
        requested.put("wallMs", null);
        assertThat(policy.resolve(requested)).isEqualTo(DEFAULTS);
    }

    @Test
    void aValueEqualToItsMaximumIsAccepted() {
        assertThat(policy.resolve(Map.of("fileBytes", new BigDecimal("67108864"))).fileBytes()).isEqualTo(67108864);
    }

    @Test
    void aWholeNumberWrittenWithADecimalPointIsAccepted() {
        assertThat(policy.resolve(Map.of("memoryMb", new BigDecimal("512.0"))).memoryMb()).isEqualTo(512);
    }

    @Test
    void zeroNegativeAndFractionalValuesAreInvalid() {
        for (String value : new String[] {"0", "-1", "1.5", "0.999"}) {
            assertRefused(Map.of("cpuMs", new BigDecimal(value)), "invalid_limit", "limits.cpuMs", value);
        }
    }

    @Test
    void aValueAboveItsMaximumIsRefusedNamingTheFieldTheValueAndTheMaximum() {
        assertRefused(Map.of("memoryMb", new BigDecimal("2048")), "limit_exceeded", "limits.memoryMb", "2048", "1024");
    }

    @Test
    void anEnormousValueIsRefusedAsAboveItsMaximumWithoutOverflowing() {
        assertRefused(Map.of("wallMs", new BigDecimal("1e999999999")), "limit_exceeded", "limits.wallMs", "1E+999999999");
    }

    @Test
    void anUnknownLimitIsInvalidAndTheMessageListsTheKnownOnes() {
        assertRefused(Map.of("cpu", BigDecimal.ONE), "invalid_limit", "limits.cpu", "cpuMs, wallMs, memoryMb");
    }

    @Test
    void aDefaultAboveItsMaximumStopsTheServerNamingBothKeys() {
        Limits defaults = new Limits(5000, 10000, 256, 64, 1048576, 99999999);
        assertThatThrownBy(() -> new LimitPolicy(defaults, MAXIMA)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fenrir.limits.defaults.file-bytes is 99999999")
                .hasMessageContaining("fenrir.limits.max.file-bytes (67108864)");
    }

    @Test
    void aDefaultBelowOneStopsTheServer() {
        Limits defaults = new Limits(5000, 10000, 256, 0, 1048576, 16777216);
        assertThatThrownBy(() -> new LimitPolicy(defaults, MAXIMA)).hasMessageContaining("fenrir.limits.defaults.pids is 0");
    }

    private void assertRefused(Map<String, BigDecimal> requested, String code, String... messageParts) {
        assertThatThrownBy(() -> policy.resolve(requested)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messageParts);
        });
    }
}
