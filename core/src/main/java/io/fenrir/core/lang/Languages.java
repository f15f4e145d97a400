package io.fenrir.core.lang;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The languages the runtime root filesystem provides. */
public final class Languages {
    /** JVM flags for javac and java in a sandbox: fast start, few threads, no perf-data file. */
    private static final List<String> JVM = List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:-UsePerfData");

    private static final List<Language> ALL = List.of(
            // -E: no PYTHON* environment; -s: no user site-packages; -B: the rootfs is read-only. Not -I,
            // which also leaves the entry's directory off sys.path: the job's other modules live there.
            new Language("python", "main.py", List.of(),
                    List.of("python3", "-E", "-s", "-B", Language.ENTRY, Language.ARGS)),
            new Language("bash", "main.sh", List.of(), List.of("bash", Language.ENTRY, Language.ARGS)),
            new Language("c", "main.c",
                    List.of("gcc", "-O2", "-std=gnu17", Language.COMPILE_ARGS, "-o", "main", Language.ENTRY, "-lm"),
                    List.of("./main", Language.ARGS)),
            new Language("cpp", "main.cpp",
                    List.of("g++", "-O2", "-std=gnu++17", Language.COMPILE_ARGS, "-o", "main", Language.ENTRY),
                    List.of("./main", Language.ARGS)),
            // javac finds the entry's other classes in the work directory (its default source path).
            new Language("java", "Main.java",
                    concat(List.of("javac"), prefixed("-J", JVM),
                            List.of(Language.JAVAC_MEMORY, Language.COMPILE_ARGS, Language.ENTRY)),
                    concat(List.of("java"), JVM, List.of(Language.JVM_MEMORY, "-cp", ".", Language.CLASS, Language.ARGS))),
            new Language("javascript", "main.js", List.of(), List.of("node", Language.ENTRY, Language.ARGS)));

    private static final Map<String, Language> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Language::name, Function.identity()));

    private Languages() {
    }

    public static Optional<Language> byName(String name) {
        return Optional.ofNullable(name).map(BY_NAME::get);
    }

    public static List<Language> all() {
        return ALL;
    }

    private static List<String> prefixed(String prefix, List<String> values) {
        return values.stream().map(value -> prefix + value).toList();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }
}
