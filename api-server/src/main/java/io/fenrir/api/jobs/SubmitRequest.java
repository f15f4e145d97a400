package io.fenrir.api.jobs;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The body of POST /jobs, as the client sent it; {@link SubmissionValidator} checks every field.
 *
 * @param language    required; a name listed by GET /languages (for example "python")
 * @param source      the program as one UTF-8 file, stored under the language's entry file name;
 *                    exactly one of {@code source} and {@code files} is required
 * @param files       the program as several files; the first is the entry point
 * @param stdin       optional standard input
 * @param stdinEncoding "utf8" (the default) or "base64", for standard input that is not text
 * @param args        optional arguments of the program
 * @param compileArgs optional arguments of the compiler, for compiled languages only
 * @param limits      optional run limits by name ("cpuMs"); numbers are kept as sent so that 1.5 or
 *                    1e30 is refused with a message instead of being rounded or overflowing
 * @param tests       optional tests: the program runs once per test, its output judged by {@code compare}
 * @param compare     how a test's output is judged: "exact", "trimTrailingWhitespace" (default),
 *                    "tokens", "float"
 * @param tolerance   for "float": how far a number may be from the expected one (default 1e-6)
 * @param stopOnFirstFailure judge no test after the first that fails
 */
public record SubmitRequest(String language, String source, List<SubmittedFile> files, String stdin,
        List<String> args, List<String> compileArgs, Map<String, BigDecimal> limits, List<SubmittedTest> tests,
        String compare, BigDecimal tolerance, Boolean stopOnFirstFailure, String stdinEncoding) {

    /** A request without tests. */
    public SubmitRequest(String language, String source, List<SubmittedFile> files, String stdin,
            List<String> args, List<String> compileArgs, Map<String, BigDecimal> limits) {
        this(language, source, files, stdin, args, compileArgs, limits, null, null, null, null, null);
    }
}
