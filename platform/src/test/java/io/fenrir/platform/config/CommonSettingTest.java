package io.fenrir.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The variables and defaults operators rely on (deploy/local/up.sh, docs/operations.md): a change
 * here changes both servers, so it must be made on purpose.
 */
class CommonSettingTest {

    @Test
    void eachSettingHasTheVariableAndDefaultBothServersHaveAlwaysRead() {
        Map<String, String> defaults = Arrays.stream(CommonSetting.values()).collect(Collectors.toMap(
                CommonSetting::variable, CommonSetting::defaultValue, (a, b) -> a, LinkedHashMap::new));
        assertThat(defaults).containsExactly(
                Map.entry("FENRIR_NATS_URL", "nats://127.0.0.1:4222"),
                Map.entry("FENRIR_NATS_REPLICAS", "1"),
                Map.entry("FENRIR_DB_URL", "jdbc:postgresql://127.0.0.1:55432/fenrir"),
                Map.entry("FENRIR_DB_USER", "fenrir"),
                Map.entry("FENRIR_DB_PASSWORD", "fenrir"),
                Map.entry("FENRIR_S3_ENDPOINT", "http://127.0.0.1:9000"),
                Map.entry("FENRIR_S3_ACCESS_KEY", "fenrir"),
                Map.entry("FENRIR_S3_SECRET_KEY", "fenrir-secret"),
                Map.entry("FENRIR_S3_BUCKET", "fenrir"),
                Map.entry("FENRIR_OTLP_SCHEDULE_DELAY_MS", "5000"));
    }

    @Test
    void aVariableIsItsKeyAsQuarkusMapsEnvironmentVariablesToKeys() {
        assertThat(CommonSetting.S3_ACCESS_KEY.key()).isEqualTo("fenrir.s3.access-key");
        assertThat(CommonSetting.S3_ACCESS_KEY.variable()).isEqualTo("FENRIR_S3_ACCESS_KEY");
        assertThat(CommonSetting.OTLP_SCHEDULE_DELAY_MS.variable()).isEqualTo("FENRIR_OTLP_SCHEDULE_DELAY_MS");
    }
}
