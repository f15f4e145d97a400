package io.fenrir.api.metrics;

import io.fenrir.core.metrics.CommonMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/**
 * Times each attempt of a background write ({@link CommonMeters#STORAGE_WRITE}): a failed attempt as
 * a failure, its retry as a write of its own. Timed around the whole call, so a row's time includes
 * its transaction's commit.
 */
@ApplicationScoped
public class StorageWrites {
    /** One write to a store. */
    public interface Write {
        void run() throws Exception;
    }

    private final MeterRegistry registry;

    public StorageWrites(MeterRegistry registry) {
        this.registry = registry;
    }

    public void toPostgres(Write write) throws Exception {
        time(CommonMeters.POSTGRES, write);
    }

    public void toS3(Write write) throws Exception {
        time(CommonMeters.S3, write);
    }

    private void time(String store, Write write) throws Exception {
        long started = System.nanoTime();
        String outcome = CommonMeters.FAILURE;
        try {
            write.run();
            outcome = CommonMeters.SUCCESS;
        } finally {
            Timer.builder(CommonMeters.STORAGE_WRITE)
                    .description("One write to PostgreSQL or S3 on a job's way through, failed attempts included")
                    .tag(CommonMeters.STORE, store).tag(CommonMeters.OUTCOME, outcome).register(registry)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }
}
