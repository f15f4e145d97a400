package io.fenrir.core.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to run one language inside the sandbox. Every argv is executed directly by the worker agent,
 * never through a shell; a template's placeholders expand to whole arguments only:
 * {@value #ENTRY} the entry file's name, {@value #CLASS} that name without its extension,
 * {@value #COMPILE_ARGS} and {@value #ARGS} the client's argument lists.
 *
 * @param name            the name clients use ("python")
 * @param entryFile       the name a single-file source is stored under; an entry file of a
 *                        multi-file job must have the same extension
 * @param compileTemplate the compile step, empty for interpreted languages
 * @param runTemplate     the run step
 */
public record Language(String name, String entryFile, List<String> compileTemplate, List<String> runTemplate) {
    public static final String ENTRY = "{entry}";
    public static final String CLASS = "{class}";
    public static final String COMPILE_ARGS = "{compileArgs}";
    public static final String ARGS = "{args}";

    public boolean compiled() {
        return !compileTemplate.isEmpty();
    }

    /** The extension every entry file of this language must have, with its dot (".py"). */
    public String extension() {
        return entryFile.substring(entryFile.lastIndexOf('.'));
    }

    public Optional<List<String>> compileArgv(String entry, List<String> compileArgs) {
        return compiled() ? Optional.of(expand(compileTemplate, entry, compileArgs, List.of())) : Optional.empty();
    }

    public List<String> runArgv(String entry, List<String> args) {
        return expand(runTemplate, entry, List.of(), args);
    }

    private static List<String> expand(List<String> template, String entry, List<String> compileArgs,
            List<String> args) {
        String className = entry.substring(0, entry.lastIndexOf('.'));
        List<String> argv = new ArrayList<>();
        for (String part : template) {
            switch (part) {
                case ENTRY -> argv.add(entry);
                case CLASS -> argv.add(className);
                case COMPILE_ARGS -> argv.addAll(compileArgs);
                case ARGS -> argv.addAll(args);
                default -> argv.add(part);
            }
        }
        return List.copyOf(argv);
    }
}
