package io.fenrir.api.languages;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fenrir.core.job.Limits;
import java.util.List;

/**
 * One language as GET /languages shows it. {@code version} and {@code compileLimits} come from a
 * sandbox manager and are omitted until one has published them (and compileLimits for interpreted
 * languages).
 *
 * @param aliases        other names a request may give for it; a job records {@code name}
 * @param entryFile      the name a single {@code source} is stored under (Java: its public class's name, if any)
 * @param extension      the extension the first of several {@code files} must have
 * @param compileCommand the compile step's argv, with placeholders ({entry}, {compileArgs}, ...); null if none
 * @param runCommand     the run step's argv, likewise
 * @param defaultLimits  the run limits a job gets for each one it does not set
 * @param maxLimits      the most a job may ask for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LanguageView(String name, List<String> aliases, String version, String entryFile, String extension,
        boolean compiled, List<String> compileCommand, List<String> runCommand, Limits defaultLimits,
        Limits maxLimits, Limits compileLimits) {

    /** The body of GET /languages. */
    public record Catalog(List<LanguageView> languages) {
    }
}
