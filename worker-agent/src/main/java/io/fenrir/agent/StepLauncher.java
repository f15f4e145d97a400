package io.fenrir.agent;

import io.fenrir.agent.v1.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a step's program: directly from its argv, never through a shell, in the work directory,
 * with a fixed environment that carries nothing of the agent's own.
 */
final class StepLauncher {

    private static final List<String> PATH = List.of("/usr/local/bin", "/usr/bin", "/bin");

    private final Path workdir;
    private final Map<String, String> environment;

    StepLauncher(Path workdir) {
        this.workdir = workdir;
        this.environment = Map.of(
                "PATH", String.join(":", PATH),
                "HOME", workdir.toString(),
                "LANG", "C.UTF-8");
    }

    Process start(Step step) throws AgentException {
        List<String> argv = new ArrayList<>(step.getArgvList());
        argv.set(0, resolve(step.getName(), argv.get(0)));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workdir.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw AgentException.failedPrecondition("failed to start step " + step.getName() + ": " + e.getMessage());
        }
    }

    /**
     * Finds the program the way a shell would with the step's PATH: a name containing "/" is a path
     * (relative ones from the work directory), any other name is looked up on PATH. Left to the JDK,
     * the lookup would use the agent's own PATH, not the step's.
     */
    private static String resolve(String stepName, String program) throws AgentException {
        if (program.contains("/")) {
            return program;
        }
        for (String directory : PATH) {
            Path candidate = Path.of(directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw AgentException.failedPrecondition("failed to start step " + stepName + ": no program \""
                + program + "\" on PATH " + String.join(":", PATH));
    }
}
