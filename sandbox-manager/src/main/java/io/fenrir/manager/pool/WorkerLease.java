package io.fenrir.manager.pool;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One delivery's hold on a worker taken from the pool: given back exactly once, either idle (it ran
 * nothing), after a job its agent ran to the end (the pool decides whether it serves on), or retired
 * (its agent failed or the job's end is unknown). Closing a lease that was not given back retires the
 * worker: a delivery that ended unexpectedly (an Error, a bug) must neither lose the worker, which
 * would shrink the pool for good, nor return one whose job's end nobody saw.
 */
public final class WorkerLease implements AutoCloseable {
    private final Workers pool;
    private final Worker worker;
    private final AtomicBoolean returned = new AtomicBoolean();

    public WorkerLease(Workers pool, Worker worker) {
        this.pool = pool;
        this.worker = worker;
    }

    public Worker worker() {
        return worker;
    }

    /** The worker ran nothing: back to the idle workers. */
    public void release() {
        if (returned.compareAndSet(false, true)) {
            pool.release(worker);
        }
    }

    /** The worker's agent ran a job to its end and said whether it may serve another. */
    public void ranJob(Optional<String> notReusableBecause) {
        if (returned.compareAndSet(false, true)) {
            pool.ranJob(worker, notReusableBecause);
        }
    }

    /** The worker may hold what is left of a job: destroyed and replaced. */
    public void retire() {
        if (returned.compareAndSet(false, true)) {
            pool.retire(worker);
        }
    }

    @Override
    public void close() {
        retire();
    }
}
