package io.fenrir.core.lang;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The languages the runtime root filesystem provides. */
public final class Languages {
    private static final List<Language> ALL = List.of(
            // -I: isolated mode, no user site-packages or PYTHON* environment; -B: the rootfs is read-only.
            new Language("python", "main.py", List.of(), List.of("python3", "-I", "-B", "main.py")));

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
}
