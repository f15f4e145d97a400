package io.fenrir.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingSwitchTest {

    @Test
    void theSdkIsOffWithoutACollectorEndpoint() {
        assertThat(sdkDisabled(Map.of(), Map.of())).isTrue();
        assertThat(sdkDisabled(Map.of(TracingSwitch.ENDPOINT, " "), Map.of())).isTrue();
    }

    @Test
    void theSdkIsOnWithACollectorEndpoint() {
        assertThat(sdkDisabled(Map.of(TracingSwitch.ENDPOINT, "http://127.0.0.1:4318"), Map.of())).isFalse();
    }

    @Test
    void anExplicitSettingAboveTheSwitchStillDecides() {
        Map<String, String> environment = Map.of(TracingSwitch.ENDPOINT, "http://127.0.0.1:4318");
        assertThat(sdkDisabled(environment, Map.of(TracingSwitch.SDK_DISABLED, "true"))).isTrue();
    }

    @Test
    void itSaysNothingAboutAnyOtherKey() {
        assertThat(new TracingSwitch(Map.of()).getValue("quarkus.otel.service.name")).isNull();
    }

    /** @param overrides a source at the environment's ordinal (300) */
    private static boolean sdkDisabled(Map<String, String> environment, Map<String, String> overrides) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new TracingSwitch(environment))
                .withSources(new PropertiesConfigSource(overrides, "overrides", 300))
                .build();
        return config.getValue(TracingSwitch.SDK_DISABLED, Boolean.class);
    }
}
