package io.fenrir.platform.metrics;

import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Times the writes to one store ({@link CommonMeters#STORAGE_WRITE}), each attempt on its own: a
 * failed write is timed as a failure, and its retry as a write of its own. Timed around the whole
 * call, so a row's time includes its transaction's commit.
 */
public final class WriteTimer {
    /** One write; what it returns is passed through. */
    public interface Write<T, E extends Exception> {
        T run() throws E;
    }

    /** One write that returns nothing. */
    public interface Action<E extends Exception> {
        void run() throws E;
    }

    private final Timer succeeded;
    private final Timer failed;

    WriteTimer(Timer succeeded, Timer failed) {
        this.succeeded = succeeded;
        this.failed = failed;
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

    public <E extends Exception> void run(Action<E> write) throws E {
        time(() -> {
            write.run();
            return null;
        });
    }
}
