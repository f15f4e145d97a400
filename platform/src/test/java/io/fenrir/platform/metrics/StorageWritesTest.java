package io.fenrir.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class StorageWritesTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StorageWrites writes = new StorageWrites(registry);

    @Test
    void everyStoreAndOutcomeIsThereBeforeTheFirstWrite() {
        for (String store : new String[] {CommonMeters.POSTGRES, CommonMeters.S3}) {
            for (String outcome : new String[] {CommonMeters.SUCCESS, CommonMeters.FAILURE}) {
                assertThat(timer(store, outcome).count()).isZero();
            }
        }
    }

    @Test
    void aWriteIsTimedByItsStoreAndOutcomeAndItsResultPassedThrough() throws Exception {
        assertThat(writes.postgres().time(() -> 42)).isEqualTo(42);
        writes.s3().run(() -> { });
        assertThatThrownBy(() -> writes.postgres().run(() -> {
            throw new SQLException("connection refused");
        })).isInstanceOf(SQLException.class);
        assertThat(timer(CommonMeters.POSTGRES, CommonMeters.SUCCESS).count()).isEqualTo(1);
        assertThat(timer(CommonMeters.POSTGRES, CommonMeters.FAILURE).count()).isEqualTo(1);
        assertThat(timer(CommonMeters.S3, CommonMeters.SUCCESS).count()).isEqualTo(1);
        assertThat(timer(CommonMeters.S3, CommonMeters.FAILURE).count()).isZero();
    }

    @Test
    void theTimersHaveTheCommonBucketLadder() {
        writes.s3().run(() -> { });
        assertThat(timer(CommonMeters.S3, CommonMeters.SUCCESS).takeSnapshot().histogramCounts())
                .hasSize(CommonMeters.LATENCY_BUCKETS.size());
    }

    private Timer timer(String store, String outcome) {
        return registry.get(CommonMeters.STORAGE_WRITE).tags(CommonMeters.STORE, store, CommonMeters.OUTCOME, outcome)
                .timer();
    }
}
