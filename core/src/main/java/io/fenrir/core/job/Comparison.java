package io.fenrir.core.job;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * How a test's output is held against its expected output.
 *
 * @param tolerance for {@link Mode#FLOAT}: two numbers match when they differ by at most this, absolutely
 *                  or relative to the expected one
 */
public record Comparison(Mode mode, double tolerance) {
    /** What judges call an answer "correct" by, from strict to lenient. */
    public enum Mode {
        /** The same bytes. */
        EXACT,
        /** The same lines once trailing whitespace and trailing empty lines are dropped (the common judge rule). */
        TRIM_TRAILING_WHITESPACE,
        /** The same whitespace-separated tokens. */
        TOKENS,
        /** The same tokens, numbers matching within {@code tolerance}. */
        FLOAT
    }

    /** The default tolerance of FLOAT, as most judges use for floating-point answers. */
    public static final double DEFAULT_TOLERANCE = 1e-6;

    public static Comparison of(Mode mode) {
        return new Comparison(mode, DEFAULT_TOLERANCE);
    }

    /** Whether {@code actual} (the program's standard output) is an accepted answer for {@code expected}. */
    public boolean matches(byte[] actual, String expected) {
        String output = new String(actual, StandardCharsets.UTF_8);
        return switch (mode) {
            case EXACT -> Arrays.equals(actual, expected.getBytes(StandardCharsets.UTF_8));
            case TRIM_TRAILING_WHITESPACE -> trimmedLines(output).equals(trimmedLines(expected));
            case TOKENS -> tokens(output).equals(tokens(expected));
            case FLOAT -> tokensMatch(tokens(output), tokens(expected));
        };
    }

    private static List<String> trimmedLines(String text) {
        List<String> lines = text.lines().map(String::stripTrailing).toList();
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isEmpty()) {
            end--;
        }
        return lines.subList(0, end);
    }

    private static List<String> tokens(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? List.of() : List.of(stripped.split("\\s+"));
    }

    private boolean tokensMatch(List<String> actual, List<String> expected) {
        if (actual.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < actual.size(); i++) {
            if (!tokenMatches(actual.get(i), expected.get(i))) {
                return false;
            }
        }
        return true;
    }

    private boolean tokenMatches(String actual, String expected) {
        if (actual.equals(expected)) {
            return true;
        }
        double want;
        double got;
        try {
            want = Double.parseDouble(expected);
            got = Double.parseDouble(actual);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Double.isNaN(want) || Double.isNaN(got) || Double.isInfinite(want) || Double.isInfinite(got)) {
            return false;
        }
        double difference = Math.abs(got - want);
        return difference <= tolerance || difference <= tolerance * Math.abs(want);
    }
}
