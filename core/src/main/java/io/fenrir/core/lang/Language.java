package io.fenrir.core.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to run one language inside the sandbox. Every argv is executed directly by the worker agent,
 * never through a shell; a template's placeholders expand to whole arguments only:
 * {@value #ENTRY} the entry file's name, {@value #CLASS} that name without its extension,
 * {@value #COMPILE_ARGS} and {@value #ARGS} the client's argument lists, {@value #JVM_MEMORY} (and
 * {@value #JAVAC_MEMORY}, for javac's own JVM) the JVM's memory size, taken from the step's memory
 * limit because the JVM cannot see the step's cgroup: without it the heap is sized from the host's RAM
 * and a program is OOM-killed where it would have run its collector.
 *
 * @param name            the name clients use ("python"), and the one a job records
 * @param aliases         other names clients may use for it ("py", "python3")
 * @param entryFile       the name a single-file source is stored under, unless {@code sourceNaming}
 *                        names it after its content; an entry file of a multi-file job must have the
 *                        same extension
 * @param sourceNaming    how a single-file source is named
 * @param compileTemplate the compile step, empty for interpreted languages
 * @param runTemplate     the run step
 */
public record Language(String name, List<String> aliases, String entryFile, SourceNaming sourceNaming,
        List<String> compileTemplate, List<String> runTemplate) {
    public static final String ENTRY = "{entry}";
    public static final String CLASS = "{class}";
    public static final String COMPILE_ARGS = "{compileArgs}";
    public static final String ARGS = "{args}";
    public static final String JVM_MEMORY = "{jvmMemory}";
    public static final String JAVAC_MEMORY = "{javacMemory}";
    /** Heap share of the JVM's memory; the rest is room for metaspace, code cache and thread stacks. */
    private static final String HEAP_PERCENTAGE = "-XX:MaxRAMPercentage=75";

    /** How a job given as a single {@code source} names its one file. */
    public enum SourceNaming {
        /** Always the language's entry file. */
        ENTRY_FILE,
        /** After the public class it declares (Java's rule), else the entry file. */
        PUBLIC_CLASS
    }

    /** The name of the file a single {@code source} is stored under. */
    public String sourceFileName(String source) {
        return switch (sourceNaming) {
            case ENTRY_FILE -> entryFile;
            case PUBLIC_CLASS -> JavaPublicClass.of(source).map(type -> type + extension()).orElse(entryFile);
        };
    }

    public boolean compiled() {
        return !compileTemplate.isEmpty();
    }

    /** The extension every entry file of this language must have, with its dot (".py"). */
    public String extension() {
        return entryFile.substring(entryFile.lastIndexOf('.'));
    }

    /** The compile step's argv, for a step limited to {@code memoryMb}. */
    public Optional<List<String>> compileArgv(String entry, List<String> compileArgs, long memoryMb) {
        return compiled() ? Optional.of(expand(compileTemplate, entry, compileArgs, List.of(), memoryMb))
                : Optional.empty();
    }

    /** The run step's argv, for a step limited to {@code memoryMb}. */
    public List<String> runArgv(String entry, List<String> args, long memoryMb) {
        return expand(runTemplate, entry, List.of(), args, memoryMb);
    }

    private static List<String> expand(List<String> template, String entry, List<String> compileArgs,
            List<String> args, long memoryMb) {
        String className = entry.substring(0, entry.lastIndexOf('.'));
        List<String> argv = new ArrayList<>();
        for (String part : template) {
            switch (part) {
                case ENTRY -> argv.add(entry);
                case CLASS -> argv.add(className);
                case COMPILE_ARGS -> argv.addAll(compileArgs);
                case ARGS -> argv.addAll(args);
                case JVM_MEMORY -> argv.addAll(List.of("-XX:MaxRAM=" + memoryMb + "m", HEAP_PERCENTAGE));
                case JAVAC_MEMORY -> argv.addAll(List.of("-J-XX:MaxRAM=" + memoryMb + "m", "-J" + HEAP_PERCENTAGE));
                default -> argv.add(part);
            }
        }
        return List.copyOf(argv);
    }
}
