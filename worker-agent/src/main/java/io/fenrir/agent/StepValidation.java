package io.fenrir.agent;

import io.fenrir.agent.v1.Step;
import io.fenrir.core.job.JobRules;
import java.util.List;
import java.util.Optional;

/**
 * The contract's requirements on a Run's steps, checked before anything is written or started: the
 * arguments by {@link JobRules}, as the API checks them, the rest as only the manager can break them.
 */
final class StepValidation {

    private StepValidation() {
    }

    static void check(List<Step> steps) throws AgentException {
        if (steps.isEmpty()) {
            throw AgentException.invalidArgument("failed to accept run: it has no steps");
        }
        for (int i = 0; i < steps.size(); i++) {
            String problem = problemWith(steps.get(i));
            if (problem != null) {
                throw AgentException.invalidArgument("failed to accept step " + i + ": " + problem);
            }
        }
    }

    private static String problemWith(Step step) {
        if (step.getName().isEmpty()) {
            return "its name is empty";
        }
        if (step.getArgvCount() == 0 || step.getArgv(0).isEmpty()) {
            return "its argv names no program";
        }
        for (int i = 0; i < step.getArgvCount(); i++) {
            Optional<String> problem = JobRules.argumentProblem(step.getArgv(i));
            if (problem.isPresent()) {
                return "argv[" + i + "] " + problem.get();
            }
        }
        // Zero is what proto3 sends for an unset field: no limit is not a limit the agent accepts.
        if (step.getLimits().getWallMs() == 0) {
            return "limits.wall_ms is not set";
        }
        if (step.getLimits().getOutputBytes() == 0) {
            return "limits.output_bytes is not set";
        }
        return null;
    }
}
