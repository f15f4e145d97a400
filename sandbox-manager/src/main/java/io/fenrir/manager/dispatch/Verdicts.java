package io.fenrir.manager.dispatch;

import io.fenrir.agent.v1.StepResult;
import io.fenrir.core.job.Verdict;

/** Derives a job's verdict from what the agent reported about its last executed step. */
final class Verdicts {
    private Verdicts() {
    }

    static Verdict of(StepResult last) {
        if (Execution.COMPILE_STEP.equals(last.getStep())) {
            // Every job has a run step after its compile step, and the agent stops after a step
            // that fails: a compile step that is the last one executed is one that failed.
            return Verdict.COMPILE_ERROR;
        }
        if (last.getWallTimeExceeded()) {
            return Verdict.WALL_TIME_LIMIT;
        }
        return last.getExitCode() == 0 && last.getSignal() == 0 ? Verdict.OK : Verdict.RUNTIME_ERROR;
    }
}
