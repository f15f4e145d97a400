package io.fenrir.core.job;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a job's files and arguments meet wherever they are checked: the API refuses a submission
 * that breaks one (422), and the worker agent refuses a Run that breaks one (INVALID_ARGUMENT), so a job
 * the API accepted is never refused by the agent. Each rule gives the problem in words, without the
 * value itself (it comes from a client; each side quotes it in its own way), or nothing when the value
 * is fine. A side may add rules of its own (the API's narrower naming, its size caps), never drop one.
 */
public final class JobRules {
    /** NAME_MAX on Linux: a longer name would fail in the kernel, and only once the job runs. */
    public static final int MAX_FILE_NAME_BYTES = 255;

    private JobRules() {
    }

    /**
     * A file name must be one plain path component of the job's directory, so no file lands outside
     * it or replaces another.
     */
    public static Optional<String> fileNameProblem(String name) {
        if (name.isEmpty()) {
            return Optional.of("is empty");
        }
        if (name.equals(".")) {
            return Optional.of("is '.', the job's directory itself");
        }
        // Stricter than the ".." component it guards against: one rule that needs no path parsing.
        if (name.contains("..")) {
            return Optional.of("contains '..'");
        }
        if (name.indexOf('/') >= 0) {
            return Optional.of("contains '/'");
        }
        if (name.indexOf('\0') >= 0) {
            return Optional.of("contains a NUL character");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_FILE_NAME_BYTES) {
            return Optional.of("is " + bytes + " UTF-8 bytes long; the limit is " + MAX_FILE_NAME_BYTES);
        }
        return Optional.empty();
    }

    /** The first name given twice in one job: its second file would replace the first. */
    public static Optional<String> repeatedFileName(List<String> names) {
        Set<String> seen = new HashSet<>();
        return names.stream().filter(name -> !seen.add(name)).findFirst();
    }

    /** A program argument: an argv element of C ends at its first NUL, so the program would see another one. */
    public static Optional<String> argumentProblem(String argument) {
        if (argument.indexOf('\0') >= 0) {
            return Optional.of("contains a NUL character");
        }
        return Optional.empty();
    }
}
