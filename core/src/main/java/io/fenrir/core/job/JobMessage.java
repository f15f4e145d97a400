package io.fenrir.core.job;

import java.time.Instant;
import java.util.List;

/**
 * What the API publishes to the work queue and the manager consumes: everything needed to run the
 * job, so that JetStream alone is the durable record of an accepted job even before Postgres and
 * the object store have caught up. Serialized as JSON (camelCase field names).
 *
 * @param id          the job id the client got back
 * @param language    a name from {@link io.fenrir.core.lang.Languages}
 * @param files       the job's files; the first is the entry point
 * @param stdin       standard input for the run step, empty when none
 * @param args        arguments appended to the program's argv (never through a shell)
 * @param compileArgs arguments given to the compiler before the entry file, for compiled languages
 * @param limits      the run step's limits, resolved by the API (the compile step's are the manager's)
 * @param submittedAt when the API accepted the job
 * @param tests       the job's tests, or null: then it runs once, with {@code stdin}
 * @param stdinBase64 standard input that is not text, base64 (then {@code stdin} is empty); null for text
 */
public record JobMessage(String id, String language, List<SourceFile> files, String stdin, List<String> args,
        List<String> compileArgs, Limits limits, Instant submittedAt, Tests tests, String stdinBase64) {

    /** A job without tests, its stdin text. */
    public JobMessage(String id, String language, List<SourceFile> files, String stdin, List<String> args,
            List<String> compileArgs, Limits limits, Instant submittedAt) {
        this(id, language, files, stdin, args, compileArgs, limits, submittedAt, null, null);
    }

    /** The run's standard input as bytes, whichever way it came. */
    public byte[] stdinBytes() {
        return stdinBase64 != null ? java.util.Base64.getDecoder().decode(stdinBase64)
                : stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public JobMessage {
        args = args == null ? List.of() : List.copyOf(args);
        compileArgs = compileArgs == null ? List.of() : List.copyOf(compileArgs);
        stdin = stdin == null ? "" : stdin;
    }

    public boolean hasTests() {
        return tests != null;
    }

    public SourceFile entry() {
        return files.get(0);
    }
}
