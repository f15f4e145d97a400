package io.fenrir.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The timers of a process's writes to PostgreSQL and to S3 ({@link CommonMeters#STORAGE_WRITE}), by
 * store and outcome. Registered at once, so that increase() sees the first write, failures included.
 */
public final class StorageWrites {
    private static final String DESCRIPTION =
            "One write to PostgreSQL or S3 on a job's way through, failed attempts included";

    private final WriteTimer postgres;
    private final WriteTimer s3;

    public StorageWrites(MeterRegistry registry) {
        this.postgres = timer(registry, CommonMeters.POSTGRES);
        this.s3 = timer(registry, CommonMeters.S3);
    }

    public WriteTimer postgres() {
        return postgres;
    }

    public WriteTimer s3() {
        return s3;
    }

    private static WriteTimer timer(MeterRegistry registry, String store) {
        return new WriteTimer(outcome(registry, store, CommonMeters.SUCCESS),
                outcome(registry, store, CommonMeters.FAILURE));
    }

    private static Timer outcome(MeterRegistry registry, String store, String outcome) {
        return CommonMeters.latency(CommonMeters.STORAGE_WRITE, DESCRIPTION)
                .tag(CommonMeters.STORE, store).tag(CommonMeters.OUTCOME, outcome).register(registry);
    }
}
