package io.fenrir.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
