package io.fenrir.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fenrir.platform.config.CommonSetting;
import io.quarkus.runtime.annotations.StaticInitSafe;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

/**
 * The settings shared with the sandbox manager resolve, through application.properties as the
 * server reads it, to the platform's CommonSetting defaults, the ones the manager resolves too
 * (its ManagerConfigTest); and each variable still decides when it is set.
 */
class CommonDefaultsTest {

    @Test
    void withoutVariablesEverySharedSettingHasTheCommonDefault() throws IOException {
        SmallRyeConfig config = config(Map.of());
        FenrirConfig fenrir = config.getConfigMapping(FenrirConfig.class);
        assertThat(fenrir.nats().url()).isEqualTo(CommonSetting.NATS_URL.defaultValue());
        assertThat(fenrir.nats().replicas()).hasToString(CommonSetting.NATS_REPLICAS.defaultValue());
        assertThat(fenrir.s3().endpoint()).isEqualTo(CommonSetting.S3_ENDPOINT.defaultValue());
        assertThat(fenrir.s3().accessKey()).isEqualTo(CommonSetting.S3_ACCESS_KEY.defaultValue());
        assertThat(fenrir.s3().secretKey()).isEqualTo(CommonSetting.S3_SECRET_KEY.defaultValue());
        assertThat(fenrir.s3().bucket()).isEqualTo(CommonSetting.S3_BUCKET.defaultValue());
        assertThat(config.getValue("quarkus.datasource.jdbc.url", String.class))
                .isEqualTo(CommonSetting.DB_URL.defaultValue());
        assertThat(config.getValue("quarkus.datasource.username", String.class))
                .isEqualTo(CommonSetting.DB_USER.defaultValue());
        assertThat(config.getValue("quarkus.datasource.password", String.class))
                .isEqualTo(CommonSetting.DB_PASSWORD.defaultValue());
        assertThat(config.getValue("quarkus.otel.bsp.schedule.delay", Duration.class))
                .isEqualTo(Duration.ofMillis(Long.parseLong(CommonSetting.OTLP_SCHEDULE_DELAY_MS.defaultValue())));
    }

    @Test
    void eachSharedSettingIsReadFromTheVariableTheManagerReads() throws IOException {
        SmallRyeConfig config = config(Map.of(
                CommonSetting.NATS_URL.variable(), "nats://10.0.0.1:4222,nats://10.0.0.2:4222",
                CommonSetting.NATS_REPLICAS.variable(), "3",
                CommonSetting.S3_ACCESS_KEY.variable(), "operator",
                CommonSetting.DB_URL.variable(), "jdbc:postgresql://db:5432/fenrir",
                CommonSetting.DB_PASSWORD.variable(), "s3cr3t",
                CommonSetting.OTLP_SCHEDULE_DELAY_MS.variable(), "250"));
        FenrirConfig fenrir = config.getConfigMapping(FenrirConfig.class);
        assertThat(fenrir.nats().url()).isEqualTo("nats://10.0.0.1:4222,nats://10.0.0.2:4222");
        assertThat(fenrir.nats().replicas()).isEqualTo(3);
        assertThat(fenrir.s3().accessKey()).isEqualTo("operator");
        assertThat(config.getValue("quarkus.datasource.jdbc.url", String.class))
                .isEqualTo("jdbc:postgresql://db:5432/fenrir");
        assertThat(config.getValue("quarkus.datasource.password", String.class)).isEqualTo("s3cr3t");
        assertThat(config.getValue("quarkus.datasource.username", String.class))
                .isEqualTo(CommonSetting.DB_USER.defaultValue());
        assertThat(config.getValue("quarkus.otel.bsp.schedule.delay", Duration.class))
                .isEqualTo(Duration.ofMillis(250));
    }

    /** As FenrirConfig, which is read during static init, when Quarkus consults only sources marked safe then. */
    @Test
    void quarkusLoadsTheDefaultsAsAConfigSourceFromStaticInitOn() {
        assertThat(ServiceLoader.load(ConfigSource.class).stream().map(ServiceLoader.Provider::type))
                .contains(CommonDefaults.class);
        assertThat(FenrirConfig.class.isAnnotationPresent(StaticInitSafe.class)).isTrue();
        assertThat(CommonDefaults.class.isAnnotationPresent(StaticInitSafe.class)).isTrue();
    }

    /** application.properties (250) over these defaults (100), under the environment (300), as Quarkus orders them. */
    private static SmallRyeConfig config(Map<String, String> environment) throws IOException {
        return new SmallRyeConfigBuilder()
                // Expressions (${fenrir.db.url}) expanded, as in Quarkus.
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(
                        CommonDefaultsTest.class.getResource("/application.properties"), 250))
                .withSources(new CommonDefaults())
                .withSources(new EnvConfigSource(environment, 300))
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(FenrirConfig.class)
                .build();
    }
}
