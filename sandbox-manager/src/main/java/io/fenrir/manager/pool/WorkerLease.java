package io.fenrir.manager.pool;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One delivery's hold on a worker taken from the pool: given back exactly once, either idle (it ran
 * nothing) or retired (it ran, or may have run, a job's code). Closing a lease that was not given
 * back retires the worker: a delivery that ended unexpectedly (an Error, a bug) must neither lose the
 * worker, which would shrink the pool for good, nor return one that may have run code.
 */
public final class WorkerLease implements AutoCloseable {
    private final WorkerPool pool;
    private final Worker worker;
    private final AtomicBoolean returned = new AtomicBoolean();

    public WorkerLease(WorkerPool pool, Worker worker) {
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

    /** The worker ran a job: destroyed and replaced. */
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
