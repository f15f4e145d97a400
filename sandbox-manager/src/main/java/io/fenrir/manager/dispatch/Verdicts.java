package io.fenrir.manager.dispatch;

import io.fenrir.agent.v1.StepResult;
import io.fenrir.core.job.Verdict;

/**
 * Derives a job's verdict from what the agent reported about its last executed step. A limit
 * outranks the exit status it caused (a process killed at a limit dies of SIGKILL), and the
 * memory limit outranks the others: an OOM-killed program often also overran its time.
 */
final class Verdicts {
    /** RLIMIT_CPU's soft signal, the per-process backstop of the CPU limit. */
    private static final int SIGXCPU = 24;
    /** RLIMIT_FSIZE's signal: a file written past the job's fileBytes. */
    private static final int SIGXFSZ = 25;

    private Verdicts() {
    }

    static Verdict of(StepResult last) {
        if (AgentExecution.COMPILE_STEP.equals(last.getStep())) {
            // Every job has a run step after its compile step, and the agent stops after a step
            // that fails: a compile step that is the last one executed is one that failed.
            return Verdict.COMPILE_ERROR;
        }
        if (last.getMemoryLimitExceeded()) {
            return Verdict.MEMORY_LIMIT;
        }
        if (cpuTimeExceeded(last)) {
            return Verdict.TIME_LIMIT;
        }
        if (last.getWallTimeExceeded()) {
            return Verdict.WALL_TIME_LIMIT;
        }
        if (last.getOutputLimitExceeded() || last.getSignal() == SIGXFSZ) {
            return Verdict.OUTPUT_LIMIT;
        }
        return last.getExitCode() == 0 && last.getSignal() == 0 ? Verdict.OK : Verdict.RUNTIME_ERROR;
    }

    /** The step's cgroup passed its CPU time, or a process of it hit RLIMIT_CPU first. */
    static boolean cpuTimeExceeded(StepResult step) {
        return step.getCpuTimeExceeded() || step.getSignal() == SIGXCPU;
    }
}
