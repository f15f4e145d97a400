package io.fenrir.manager.pool;

import java.util.Optional;

/** Where a worker taken for a delivery goes back to, in one of three ways (see {@link WorkerLease}). */
public interface Workers {

    /** The worker ran nothing: idle again. */
    void release(Worker worker);

    /**
     * The worker's agent ran a job to its end: idle again while it may serve more, otherwise retired.
     *
     * @param notReusableBecause why its agent cannot vouch for it, if it cannot
     */
    void ranJob(Worker worker, Optional<String> notReusableBecause);

    /** Nobody saw how the worker's job ended: destroyed and replaced. */
    void retire(Worker worker);
}
