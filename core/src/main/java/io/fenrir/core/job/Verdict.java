package io.fenrir.core.job;

/**
 * What the sandbox concluded about a job's program. Only a COMPLETED job has a verdict; a FAILED
 * job is one the platform could not judge.
 */
public enum Verdict {
    /** The program exited 0 within its limits. */
    OK,
    /** The compile step did not succeed (non-zero exit, signal or its wall limit); nothing ran. */
    COMPILE_ERROR,
    /** The program exited non-zero or was killed by a signal it caused. */
    RUNTIME_ERROR,
    /** The program was killed because its wall-clock limit passed. */
    WALL_TIME_LIMIT
}
