package io.fenrir.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FenrirConfigTest {

    @Test
    void runLimitsHaveTheDocumentedDefaultsAndMaxima() {
        FenrirConfig.RunLimits limits = config(Map.of()).limits();
        assertThat(limits.defaults().cpuMs()).isEqualTo(5000);
        assertThat(limits.defaults().wallMs()).isEqualTo(10000);
        assertThat(limits.defaults().memoryMb()).isEqualTo(256);
        assertThat(limits.defaults().pids()).isEqualTo(64);
        assertThat(limits.defaults().outputBytes()).isEqualTo(1048576);
        assertThat(limits.defaults().fileBytes()).isEqualTo(16777216);
        assertThat(limits.max().cpuMs()).isEqualTo(30000);
        assertThat(limits.max().wallMs()).isEqualTo(60000);
        assertThat(limits.max().memoryMb()).isEqualTo(1024);
        assertThat(limits.max().pids()).isEqualTo(256);
        assertThat(limits.max().outputBytes()).isEqualTo(8388608);
        assertThat(limits.max().fileBytes()).isEqualTo(67108864);
    }

    @Test
    void eachLimitIsSetByItsKey() {
        FenrirConfig config = config(Map.of("fenrir.limits.max.memory-mb", "2048", "fenrir.limits.defaults.cpu-ms", "100"));
        assertThat(config.limits().max().memoryMb()).isEqualTo(2048);
        assertThat(config.limits().defaults().cpuMs()).isEqualTo(100);
        assertThat(config.limits().defaults().memoryMb()).isEqualTo(256);
    }

    @Test
    void theQueueHoldsTenThousandJobsAndAsksClientsToComeBackInFiveSeconds() {
        FenrirConfig.Queue queue = config(Map.of()).queue();
        assertThat(queue.maxPending()).isEqualTo(10_000);
        assertThat(queue.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(queue.sweepInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config(Map.of("fenrir.queue.sweep-interval", "2s")).queue().sweepInterval())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(config(Map.of("fenrir.queue.max-pending", "3")).queue().maxPending()).isEqualTo(3);
    }

    @Test
    void anInstanceHandlesSixtyFourRequestsAtOnceAndAsksTheNextToComeBackInASecond() {
        FenrirConfig.Ingress ingress = config(Map.of()).ingress();
        assertThat(ingress.maxInFlight()).isEqualTo(64);
        assertThat(ingress.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void atMostTenThousandJobsOr128MiBWaitForTheirBackgroundWrites() {
        FenrirConfig.Persistence persistence = config(Map.of()).persistence();
        assertThat(persistence.maxPending()).isEqualTo(10_000);
        assertThat(persistence.maxPendingBytes()).isEqualTo(128L * 1024 * 1024);
        assertThat(persistence.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(persistence.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(persistence.maxBackoff()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void idempotencyKeysAreRememberedForADay() {
        assertThat(config(Map.of()).idempotency().ttl()).isEqualTo(Duration.ofHours(24));
        assertThat(config(Map.of("fenrir.idempotency.ttl", "1h")).idempotency().ttl()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theIdempotencyBucketHoldsAtMost64MiB() {
        assertThat(config(Map.of()).idempotency().maxBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(config(Map.of("fenrir.idempotency.max-bytes", "2048")).idempotency().maxBytes()).isEqualTo(2048);
    }

    @Test
    void jetStreamKeepsOneCopyUnlessToldToReplicate() {
        assertThat(config(Map.of()).nats().replicas()).isEqualTo(1);
        assertThat(config(Map.of("fenrir.nats.replicas", "3")).nats().replicas()).isEqualTo(3);
    }

    private static FenrirConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .withSources(new CommonDefaults())
                // Quarkus's own duration syntax ("5s"), as the running server reads it.
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(FenrirConfig.class)
                .build();
        return config.getConfigMapping(FenrirConfig.class);
    }
}
