package io.fenrir.manager.dispatch;

import io.fenrir.agent.v1.StepResult;
import io.fenrir.core.job.Verdict;
import io.fenrir.manager.metrics.ManagerMetrics;

/**
 * Turns what the agent reported about a job's steps into the manager's metrics: each step's wall
 * time under the job's verdict, and the limits each step ran into. Every step counts, the compile
 * step too: a compiler killed at its memory limit is a memory kill, though its job's verdict is
 * COMPILE_ERROR. The agent has no metrics endpoint of its own (it runs with no network, one job per
 * container); these figures are its.
 */
final class StepReport {
    private StepReport() {
    }

    static void record(ManagerMetrics metrics, String language, Verdict verdict, Iterable<StepResult> steps) {
        for (StepResult step : steps) {
            String name = step.getStep();
            metrics.step(name, language, verdict, step.getWallMs());
            if (Verdicts.cpuTimeExceeded(step)) {
                metrics.timeout(name, language, "cpu");
            }
            if (step.getWallTimeExceeded()) {
                metrics.timeout(name, language, "wall");
            }
            if (step.getMemoryLimitExceeded()) {
                metrics.memoryKill(name, language);
            }
            if (step.getStdoutTruncated()) {
                metrics.outputTruncation(name, language, "stdout");
            }
            if (step.getStderrTruncated()) {
                metrics.outputTruncation(name, language, "stderr");
            }
        }
    }
}
