package io.fenrir.core.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LanguageTest {

    @Test
    void argumentsExpandToWholeArgvElementsNeverToOneString() {
        Language python = Languages.byName("python").orElseThrow();
        assertThat(python.runArgv("solve.py", List.of("a b", "$(id)")))
                .containsExactly("python3", "-E", "-s", "-B", "solve.py", "a b", "$(id)");
    }

    @Test
    void compileArgsGoBeforeTheEntryFile() {
        Language c = Languages.byName("c").orElseThrow();
        assertThat(c.compileArgv("prog.c", List.of("-DLOCAL", "-Wall")).orElseThrow())
                .containsExactly("gcc", "-O2", "-std=gnu17", "-DLOCAL", "-Wall", "-o", "main", "prog.c", "-lm");
        assertThat(c.runArgv("prog.c", List.of("1"))).containsExactly("./main", "1");
    }

    @Test
    void javaRunsTheEntryFilesClass() {
        Language java = Languages.byName("java").orElseThrow();
        assertThat(java.runArgv("Solution.java", List.of())).endsWith("-cp", ".", "Solution");
        assertThat(java.compileArgv("Solution.java", List.of()).orElseThrow()).last().isEqualTo("Solution.java");
    }

    @Test
    void interpretedLanguagesHaveNoCompileStep() {
        assertThat(Languages.byName("bash").orElseThrow().compileArgv("main.sh", List.of("-x"))).isEmpty();
        assertThat(Languages.byName("javascript").orElseThrow().extension()).isEqualTo(".js");
    }
}
