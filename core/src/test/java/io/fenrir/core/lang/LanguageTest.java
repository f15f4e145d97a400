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

    @Test
    void aliasesNameTheSameLanguageAndEveryNameIsTakenOnce() {
        assertThat(Languages.byName("py")).containsSame(Languages.byName("python").orElseThrow());
        assertThat(Languages.byName("python3").orElseThrow().name()).isEqualTo("python");
        assertThat(Languages.byName("js").orElseThrow().name()).isEqualTo("javascript");
        assertThat(Languages.byName("node").orElseThrow().name()).isEqualTo("javascript");
        assertThat(Languages.byName("c++").orElseThrow().name()).isEqualTo("cpp");
        assertThat(Languages.byName("g++").orElseThrow().name()).isEqualTo("cpp");
        assertThat(Languages.byName("cobol")).isEmpty();
        assertThat(Languages.byName(null)).isEmpty();
    }

    @Test
    void aSingleJavaSourceIsNamedAfterItsPublicClass() {
        Language java = Languages.byName("java").orElseThrow();
        assertThat(java.sourceFileName("public class HelloWorld { public static void main(String[] a) {} }"))
                .isEqualTo("HelloWorld.java");
        assertThat(java.sourceFileName("import java.util.*;\n\npublic final class Solution {\n"
                + "  public static class Inner {}\n  public static void main(String[] a) {}\n}\n"))
                .isEqualTo("Solution.java");
        assertThat(java.sourceFileName("public record Point(int x, int y) {}")).isEqualTo("Point.java");
        assertThat(java.sourceFileName("class Main { public static void main(String[] a) {} }")).isEqualTo("Main.java");
        assertThat(Languages.byName("python").orElseThrow().sourceFileName("public class X")).isEqualTo("main.py");
    }

    @Test
    void declarationsInCommentsAndLiteralsDoNotCount() {
        Language java = Languages.byName("java").orElseThrow();
        assertThat(java.sourceFileName("// public class Wrong\n/* public class AlsoWrong */\n"
                + "class Main { String s = \"public class InString\"; char c = '\\''; }")).isEqualTo("Main.java");
        assertThat(java.sourceFileName("/** see public class Doc */ public class Right { String t = \"\"\"\n"
                + "public class InTextBlock\n\"\"\"; }")).isEqualTo("Right.java");
        assertThat(java.sourceFileName("public class")).isEqualTo("Main.java");
        assertThat(java.sourceFileName("public class " + "A".repeat(95) + " {}")).isEqualTo("A".repeat(95) + ".java");
        assertThat(java.sourceFileName("public class " + "A".repeat(96) + " {}")).isEqualTo("Main.java");
    }
}
