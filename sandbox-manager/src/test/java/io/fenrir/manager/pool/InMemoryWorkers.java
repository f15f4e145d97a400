package io.fenrir.manager.pool;

import io.fenrir.manager.trace.WorkerCreation;
import io.opentelemetry.api.trace.SpanContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link Workers} that only remember how each worker came back: "released", "ran job", "retired". */
public final class InMemoryWorkers implements Workers {
    private final List<String> returns = new ArrayList<>();

    /** A worker with no agent behind it: for runners whose execution is not the real one. */
    public static Worker worker(String id) {
        return new Worker(id, Path.of("/nonexistent", id), null, new WorkerCreation(SpanContext.getInvalid(),
                Instant.now()));
    }

    @Override
    public synchronized void release(Worker worker) {
        returns.add(worker.id() + " released");
    }

    @Override
    public synchronized void ranJob(Worker worker, Optional<String> notReusableBecause) {
        returns.add(worker.id() + (notReusableBecause.isPresent() ? " ran job, not reusable" : " ran job"));
    }

    @Override
    public synchronized void retire(Worker worker) {
        returns.add(worker.id() + " retired");
    }

    /** How workers came back, in order. */
    public synchronized List<String> returns() {
        return List.copyOf(returns);
    }
}
