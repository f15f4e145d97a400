package io.fenrir.manager.metrics;

/** Why a worker was retired: the {@code reason} label of {@code fenrir_worker_retirements_total}. */
public enum WorkerRetirement {
    /** It ran FENRIR_WORKER_MAX_JOBS jobs. */
    MAX_JOBS,
    /** It passed FENRIR_WORKER_MAX_AGE_S. */
    MAX_AGE,
    /** Its agent said it cannot vouch for it: something of a job stayed, or the agent failed the job. */
    NOT_REUSABLE,
    /** Its Run ended without the agent's word (the agent died, a deadline, a cancellation, a manager error). */
    RUN_BROKEN;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
