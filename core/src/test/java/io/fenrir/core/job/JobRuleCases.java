package io.fenrir.core.job;

import java.util.List;
import java.util.Optional;

/**
 * The inputs every side that checks {@link JobRules} walks: core's own test, the API's validator and
 * the worker agent. Shipped in core's test jar, so a case added here is checked by all three at once,
 * and a job the API accepts can never be one the agent refuses.
 */
public final class JobRuleCases {

    /** The rule of file names a case breaks. */
    public enum Rule {
        FILE_NAME, REPEATED_FILE_NAME
    }

    /**
     * The file names of one job, in order, and the rule they break (none: every side accepts them).
     * A refused name follows a fine one, so a side must refuse the job before writing anything.
     */
    public record FileNames(String label, List<String> names, Optional<Rule> broken) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** One program argument, and whether every side accepts it. */
    public record Argument(String label, String value, boolean valid) {
        @Override
        public String toString() {
            return label;
        }
    }

    private static final String FINE = "fine.txt";

    private JobRuleCases() {
    }

    public static List<FileNames> fileNames() {
        return List.of(
                refusedName("'..' inside a name: notes..txt", "notes..txt"),
                refusedName("'..' alone", ".."),
                refusedName("'..' at the end: a..", "a.."),
                refusedName("a parent path: ../escape", "../escape"),
                refusedName("'.', the directory itself", "."),
                refusedName("an empty name", ""),
                refusedName("a path: a/b", "a/b"),
                refusedName("an absolute path: /etc/passwd", "/etc/passwd"),
                refusedName("a NUL character", "nul\0byte"),
                refusedName("256 ASCII bytes", "x".repeat(256)),
                refusedName("128 two-byte characters: 256 UTF-8 bytes", "é".repeat(128)),
                new FileNames("util.py given twice", List.of("util.py", "util.py"), Optional.of(Rule.REPEATED_FILE_NAME)),
                new FileNames("a.txt given twice, apart", List.of("a.txt", "b.txt", "a.txt"),
                        Optional.of(Rule.REPEATED_FILE_NAME)),
                accepted("one plain name: notes.txt", "notes.txt"),
                accepted("dots, underscores, dashes, no extension", "a.b.c.txt", "x_y-z", "README"),
                accepted("names that differ only in case", "Main.java", "main.java"),
                accepted("a name ending in one dot: notes.", "notes."),
                accepted("255 ASCII bytes", "x".repeat(255)),
                accepted("unicode: données.txt", "données.txt"),
                accepted("unicode: 数据.py", "数据.py"),
                accepted("127 two-byte characters and one more: 255 UTF-8 bytes", "é".repeat(127) + "x"),
                accepted("a leading dot: .config", ".config"),
                accepted("a leading dash: -c.py", "-c.py"),
                accepted("a space: two words.txt", "two words.txt"));
    }

    public static List<Argument> arguments() {
        return List.of(
                new Argument("a NUL character inside", "a\0b", false),
                new Argument("a NUL character alone", "\0", false),
                new Argument("a NUL character at the end", "end\0", false),
                new Argument("an empty argument", "", true),
                new Argument("two words", "two words", true),
                new Argument("a command substitution: $(id)", "$(id)", true),
                new Argument("a glob: *", "*", true),
                new Argument("a separator: a;b", "a;b", true),
                new Argument("an option: --flag=value", "--flag=value", true),
                new Argument("unicode: ünïcödé 数据", "ünïcödé 数据", true),
                new Argument("a line break", "line\nbreak", true),
                new Argument("a parent path: ../etc/passwd (arguments are not file names)", "../etc/passwd", true));
    }

    private static FileNames refusedName(String label, String name) {
        return new FileNames(label, List.of(FINE, name), Optional.of(Rule.FILE_NAME));
    }

    private static FileNames accepted(String label, String... names) {
        return new FileNames(label, List.of(names), Optional.empty());
    }
}
