package io.fenrir.core.lang;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public top-level type a Java source declares, which javac requires to live in a file of its name:
 * a single {@code source} declaring {@code public class HelloWorld} is stored as HelloWorld.java, as a
 * user who wrote it expects. Comments, strings and character literals are blanked first, so that a
 * declaration quoted in them does not count. The first public declaration is the top-level one: a
 * member type comes after its enclosing type's header, and {@code public static} ones (the usual
 * nested form) are not matched at all. A name longer than the API allows a file name (100 characters
 * with ".java") leaves the entry file as it is, and javac says why.
 */
final class JavaPublicClass {
    private static final Pattern DECLARATION = Pattern.compile(
            "\\bpublic\\s+(?:(?:final|abstract|sealed|non-sealed|strictfp)\\s+)*(?:class|interface|enum|record|@interface)"
                    + "\\s+([A-Za-z_][A-Za-z0-9_]{0,94})(?![A-Za-z0-9_])");

    private JavaPublicClass() {
    }

    /** The name of the source's public top-level type, if it declares one. */
    static Optional<String> of(String source) {
        Matcher declaration = DECLARATION.matcher(withoutCommentsAndLiterals(source));
        return declaration.find() ? Optional.of(declaration.group(1)) : Optional.empty();
    }

    /** The source with every comment, string, text block and character literal replaced by spaces. */
    static String withoutCommentsAndLiterals(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            int end = endOfCommentOrLiteral(source, i);
            if (end > i) {
                code.append(" ".repeat(end - i));
                i = end;
            } else {
                code.append(source.charAt(i++));
            }
        }
        return code.toString();
    }

    /** Where the comment or literal starting at {@code i} ends; {@code i} when none starts there. */
    private static int endOfCommentOrLiteral(String source, int i) {
        if (source.startsWith("//", i)) {
            int newline = source.indexOf('\n', i);
            return newline < 0 ? source.length() : newline;
        }
        if (source.startsWith("/*", i)) {
            int close = source.indexOf("*/", i + 2);
            return close < 0 ? source.length() : close + 2;
        }
        if (source.startsWith("\"\"\"", i)) {
            int close = source.indexOf("\"\"\"", i + 3);
            return close < 0 ? source.length() : close + 3;
        }
        char c = source.charAt(i);
        if (c == '"' || c == '\'') {
            int j = i + 1;
            while (j < source.length() && source.charAt(j) != c && source.charAt(j) != '\n') {
                j += source.charAt(j) == '\\' ? 2 : 1;
            }
            return Math.min(j + 1, source.length());
        }
        return i;
    }
}
