package io.fenrir.manager.dispatch;

import io.fenrir.agent.v1.StepResult;
import io.fenrir.core.job.Verdict;

/** Derives a job's verdict from what the agent reported about its last executed step. */
final class Verdicts {
    private Verdicts() {
    }

    static Verdict of(StepResult last) {
        if (last.getWallTimeExceeded()) {
            return Verdict.WALL_TIME_LIMIT;
        }
        return last.getExitCode() == 0 && last.getSignal() == 0 ? Verdict.OK : Verdict.RUNTIME_ERROR;
    }
}
