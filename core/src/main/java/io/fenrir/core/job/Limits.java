package io.fenrir.core.job;

/**
 * The resource limits of one step of a job (its run step, or the compile step before it). The API
 * resolves a request's limits against its defaults and maxima, so a queued job always carries all
 * six; the sandbox enforces each (see docs/security.md) and names the one that stopped a program
 * in its verdict.
 *
 * @param cpuMs       CPU time of the step's whole process tree (measured in its cgroup) → TIME_LIMIT
 * @param wallMs      wall-clock time from start to exit → WALL_TIME_LIMIT
 * @param memoryMb    memory (and swap) of the step's cgroup, tmpfs pages included → MEMORY_LIMIT
 * @param pids        processes and threads at once in the step's cgroup
 * @param outputBytes bytes kept per stream (stdout, stderr); more ends the step → OUTPUT_LIMIT
 * @param fileBytes   largest file the step may write (RLIMIT_FSIZE) → OUTPUT_LIMIT
 */
public record Limits(long cpuMs, long wallMs, long memoryMb, int pids, long outputBytes, long fileBytes) {

    /** Each limit's name as clients spell it, for error messages. */
    public static final String[] NAMES = {"cpuMs", "wallMs", "memoryMb", "pids", "outputBytes", "fileBytes"};

    public long memoryBytes() {
        return memoryMb * 1024 * 1024;
    }
}
