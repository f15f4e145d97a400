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
 * @param args        optional arguments of the program
 * @param compileArgs optional arguments of the compiler, for compiled languages only
 * @param limits      optional run limits by name ("cpuMs"); numbers are kept as sent so that 1.5 or
 *                    1e30 is refused with a message instead of being rounded or overflowing
 */
public record SubmitRequest(String language, String source, List<SubmittedFile> files, String stdin,
        List<String> args, List<String> compileArgs, Map<String, BigDecimal> limits) {
}
