package io.fenrir.manager.metrics;

import io.fenrir.core.metrics.CommonMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Times the writes to one store ({@link CommonMeters#STORAGE_WRITE}), each attempt on its own: a
 * failed write is timed as a failure, and its retry as a write of its own.
 */
public final class WriteTimer {
    /** One write; what it returns is passed through. */
    public interface Write<T, E extends Exception> {
        T run() throws E;
    }

    private final Timer succeeded;
    private final Timer failed;

    WriteTimer(MeterRegistry registry, String store) {
        this.succeeded = timer(registry, store, CommonMeters.SUCCESS);
        this.failed = timer(registry, store, CommonMeters.FAILURE);
    }

    public <T, E extends Exception> T time(Write<T, E> write) throws E {
        long started = System.nanoTime();
        try {
            T result = write.run();
            succeeded.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return result;
        } catch (Exception e) {
            failed.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            throw e;
        }
    }

    private static Timer timer(MeterRegistry registry, String store, String outcome) {
        return ManagerMetrics.latency(CommonMeters.STORAGE_WRITE,
                        "One write to PostgreSQL or S3 on a job's way through, failed attempts included")
                .tag(CommonMeters.STORE, store).tag(CommonMeters.OUTCOME, outcome).register(registry);
    }
}
