package io.fenrir.agent;

import io.fenrir.agent.v1.Step;
import java.util.List;

/** The contract's requirements on a Run's steps, checked before anything is written or started. */
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
        // A C argv cannot carry NUL; the program would see a different argument than was sent.
        if (step.getArgvList().stream().anyMatch(arg -> arg.indexOf('\0') >= 0)) {
            return "an argument contains a NUL character";
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
