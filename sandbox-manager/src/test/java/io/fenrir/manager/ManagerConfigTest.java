package io.fenrir.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fenrir.platform.config.CommonSetting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagerConfigTest {
    @TempDir
    Path dir;

    @Test
    void natsUrlMayListEveryNodeOfAClusterAndReplicasDefaultToOne() throws IOException {
        Map<String, String> env = minimal();
        env.put("FENRIR_NATS_URL", "nats://10.0.0.1:4222,nats://10.0.0.2:4222,nats://10.0.0.3:4222");
        ManagerConfig config = ManagerConfig.fromEnvironment(env);
        assertThat(config.natsUrl()).isEqualTo("nats://10.0.0.1:4222,nats://10.0.0.2:4222,nats://10.0.0.3:4222");
        assertThat(config.natsReplicas()).isEqualTo(1);
        env.put("FENRIR_NATS_REPLICAS", "3");
        assertThat(ManagerConfig.fromEnvironment(env).natsReplicas()).isEqualTo(3);
    }

    @Test
    void replicasOutsideJetStreamsOneToFiveAreRefusedAtStartUp() throws IOException {
        Map<String, String> env = minimal();
        env.put("FENRIR_NATS_REPLICAS", "0");
        assertThatThrownBy(() -> ManagerConfig.fromEnvironment(env)).hasMessageContaining("FENRIR_NATS_REPLICAS");
        env.put("FENRIR_NATS_REPLICAS", "6");
        assertThatThrownBy(() -> ManagerConfig.fromEnvironment(env)).hasMessageContaining("FENRIR_NATS_REPLICAS");
    }

    /** The API server resolves the same (its CommonDefaultsTest): both read them from CommonSetting. */
    @Test
    void theSettingsSharedWithTheApiDefaultToTheCommonDefaults() throws IOException {
        ManagerConfig config = ManagerConfig.fromEnvironment(minimal());
        assertThat(config.natsUrl()).isEqualTo(CommonSetting.NATS_URL.defaultValue());
        assertThat(config.natsReplicas()).hasToString(CommonSetting.NATS_REPLICAS.defaultValue());
        assertThat(config.dbUrl()).isEqualTo(CommonSetting.DB_URL.defaultValue());
        assertThat(config.dbUser()).isEqualTo(CommonSetting.DB_USER.defaultValue());
        assertThat(config.dbPassword()).isEqualTo(CommonSetting.DB_PASSWORD.defaultValue());
        assertThat(config.s3Endpoint()).isEqualTo(CommonSetting.S3_ENDPOINT.defaultValue());
        assertThat(config.s3AccessKey()).isEqualTo(CommonSetting.S3_ACCESS_KEY.defaultValue());
        assertThat(config.s3SecretKey()).isEqualTo(CommonSetting.S3_SECRET_KEY.defaultValue());
        assertThat(config.s3Bucket()).isEqualTo(CommonSetting.S3_BUCKET.defaultValue());
        assertThat(config.otlpScheduleDelay())
                .isEqualTo(Duration.ofMillis(Long.parseLong(CommonSetting.OTLP_SCHEDULE_DELAY_MS.defaultValue())));
        assertThat(config.otlpEndpoint()).isEmpty();
    }

    @Test
    void eachSharedSettingIsReadFromItsVariable() throws IOException {
        Map<String, String> env = minimal();
        env.put("FENRIR_DB_URL", "jdbc:postgresql://db:5432/fenrir");
        env.put("FENRIR_S3_SECRET_KEY", "s3cr3t");
        env.put("FENRIR_OTLP_SCHEDULE_DELAY_MS", "250");
        ManagerConfig config = ManagerConfig.fromEnvironment(env);
        assertThat(config.dbUrl()).isEqualTo("jdbc:postgresql://db:5432/fenrir");
        assertThat(config.s3SecretKey()).isEqualTo("s3cr3t");
        assertThat(config.otlpScheduleDelay()).isEqualTo(Duration.ofMillis(250));
    }

    /** The settings without a default, pointing at files that exist. */
    private Map<String, String> minimal() throws IOException {
        Files.createDirectories(dir.resolve("rootfs/usr/bin"));
        Map<String, String> env = new HashMap<>();
        env.put("FENRIR_ROOTFS", dir.resolve("rootfs").toString());
        env.put("FENRIR_AGENT_JAR", Files.writeString(dir.resolve("agent.jar"), "").toString());
        env.put("FENRIR_SECCOMP_PROFILE", Files.writeString(dir.resolve("seccomp.json"), "{}").toString());
        return env;
    }
}
