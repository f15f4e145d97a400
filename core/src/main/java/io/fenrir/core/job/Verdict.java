package io.fenrir.core.job;

/**
 * What the sandbox concluded about a job's program. A COMPLETED job has one of the program's
 * verdicts; a FAILED job has INTERNAL_ERROR: the platform could not judge it.
 */
public enum Verdict {
    /** The program exited 0 within its limits. */
    OK,
    /** The compile step did not succeed (non-zero exit, signal or one of its limits); nothing ran. */
    COMPILE_ERROR,
    /** The program exited non-zero or was killed by a signal it caused. */
    RUNTIME_ERROR,
    /** The program's process tree used more CPU time than its cpuMs limit. */
    TIME_LIMIT,
    /** The program was killed because its wall-clock limit passed. */
    WALL_TIME_LIMIT,
    /** The kernel's OOM killer ended a process of the program at its memory limit. */
    MEMORY_LIMIT,
    /** The program wrote more than outputBytes to stdout or stderr, or a file past fileBytes. */
    OUTPUT_LIMIT,
    /** A test's run stayed within its limits and exited 0, but its output is not the expected one. */
    WRONG_ANSWER,
    /** A test that was not judged: an earlier one failed and the job stops on the first failure. Tests only. */
    SKIPPED,
    /** The platform failed to run the job (the job's status is FAILED). */
    INTERNAL_ERROR
}
