package io.fenrir.core.lang;

import static io.fenrir.core.lang.Language.SourceNaming.ENTRY_FILE;
import static io.fenrir.core.lang.Language.SourceNaming.PUBLIC_CLASS;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The languages the runtime root filesystem provides. */
public final class Languages {
    /** JVM flags for javac and java in a sandbox: fast start, few threads, no perf-data file. */
    private static final List<String> JVM = List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:-UsePerfData");

    private static final List<Language> ALL = List.of(
            // -E: no PYTHON* environment; -s: no user site-packages; -B: the rootfs is read-only. Not -I,
            // which also leaves the entry's directory off sys.path: the job's other modules live there.
            new Language("python", List.of("py", "python3"), "main.py", ENTRY_FILE, List.of(),
                    List.of("python3", "-E", "-s", "-B", Language.ENTRY, Language.ARGS)),
            new Language("bash", List.of("sh"), "main.sh", ENTRY_FILE, List.of(), List.of("bash", Language.ENTRY, Language.ARGS)),
            new Language("c", List.of("gcc"), "main.c", ENTRY_FILE,
                    List.of("gcc", "-O2", "-std=gnu17", Language.COMPILE_ARGS, "-o", "main", Language.ENTRY, "-lm"),
                    List.of("./main", Language.ARGS)),
            new Language("cpp", List.of("c++", "g++"), "main.cpp", ENTRY_FILE,
                    List.of("g++", "-O2", "-std=gnu++17", Language.COMPILE_ARGS, "-o", "main", Language.ENTRY),
                    List.of("./main", Language.ARGS)),
            // javac finds the entry's other classes in the work directory (its default source path). A
            // single source is stored under its public class's name, which javac requires.
            new Language("java", List.of(), "Main.java", PUBLIC_CLASS,
                    concat(List.of("javac"), prefixed("-J", JVM),
                            List.of(Language.JAVAC_MEMORY, Language.COMPILE_ARGS, Language.ENTRY)),
                    concat(List.of("java"), JVM, List.of(Language.JVM_MEMORY, "-cp", ".", Language.CLASS, Language.ARGS))),
            new Language("javascript", List.of("js", "node", "nodejs"), "main.js", ENTRY_FILE, List.of(), List.of("node", Language.ENTRY, Language.ARGS)));

    /** Every name and alias, each naming one language (toUnmodifiableMap refuses a name given twice). */
    private static final Map<String, Language> BY_NAME = ALL.stream()
            .flatMap(language -> Stream.concat(Stream.of(language.name()), language.aliases().stream())
                    .map(name -> Map.entry(name, language)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private Languages() {
    }

    /** The language a name or one of its aliases names. */
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
