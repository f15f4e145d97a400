package io.fenrir.core.lang;

import java.util.List;
import java.util.Optional;

/**
 * How to run one language inside the sandbox: the entry file's name and the argv of each step.
 * Every argv is executed directly by the worker agent, never through a shell.
 *
 * @param name        the name clients use ("python")
 * @param entryFile   the name the single-file source is stored under
 * @param compileArgv the compile step, empty for interpreted languages
 * @param runArgv     the run step
 */
public record Language(String name, String entryFile, List<String> compileArgv, List<String> runArgv) {
    public Optional<List<String>> compile() {
        return compileArgv.isEmpty() ? Optional.empty() : Optional.of(compileArgv);
    }
}
