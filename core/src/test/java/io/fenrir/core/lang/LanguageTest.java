package io.fenrir.core.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LanguageTest {

    @Test
    void argumentsExpandToWholeArgvElementsNeverToOneString() {
        Language python = Languages.byName("python").orElseThrow();
        assertThat(python.runArgv("solve.py", List.of("a b", "$(id)"), 256))
                .containsExactly("python3", "-E", "-s", "-B", "solve.py", "a b", "$(id)");
    }

    @Test
    void compileArgsGoBeforeTheEntryFile() {
        Language c = Languages.byName("c").orElseThrow();
        assertThat(c.compileArgv("prog.c", List.of("-DLOCAL", "-Wall"), 1024).orElseThrow())
                .containsExactly("gcc", "-O2", "-std=gnu17", "-DLOCAL", "-Wall", "-o", "main", "prog.c", "-lm");
        assertThat(c.runArgv("prog.c", List.of("1"), 256)).containsExactly("./main", "1");
    }

    @Test
    void javaRunsTheEntryFilesClass() {
        Language java = Languages.byName("java").orElseThrow();
        assertThat(java.runArgv("Solution.java", List.of(), 256))
                .endsWith("-XX:MaxRAM=256m", "-XX:MaxRAMPercentage=75", "-cp", ".", "Solution");
        assertThat(java.compileArgv("Solution.java", List.of(), 1024).orElseThrow())
                .endsWith("-J-XX:MaxRAM=1024m", "-J-XX:MaxRAMPercentage=75", "Solution.java");
    }

    @Test
    void interpretedLanguagesHaveNoCompileStep() {
        assertThat(Languages.byName("bash").orElseThrow().compileArgv("main.sh", List.of("-x"), 64)).isEmpty();
        assertThat(Languages.byName("javascript").orElseThrow().extension()).isEqualTo(".js");
    }
}
