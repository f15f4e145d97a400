package io.fenrir.api.jobs;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.api.limits.LimitPolicy;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobRules;
import io.fenrir.core.job.Limits;
import io.fenrir.core.job.SourceFile;
import io.fenrir.core.job.Tests;
import io.fenrir.core.lang.Language;
import io.fenrir.core.lang.Languages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Turns a client's request into the job the queue carries, or explains why it cannot. */
@ApplicationScoped
public class SubmissionValidator {
    /**
     * Argument caps. Far below the kernel's (128 KiB per argument, a quarter of the stack for all),
     * so that a job's argv always fits in one queue message and one exec.
     */
    static final int MAX_ARGS = 64;
    static final int MAX_ARG_BYTES = 4096;

    private final FenrirConfig.Submission sizes;
    private final LimitPolicy limits;

    @Inject
    public SubmissionValidator(FenrirConfig config, LimitPolicy limits) {
        this(config.submission(), limits);
    }

    SubmissionValidator(FenrirConfig.Submission sizes, LimitPolicy limits) {
        this.sizes = sizes;
        this.limits = limits;
    }

    public JobMessage validate(SubmitRequest request) {
        if (request == null) {
            throw ApiException.invalid("missing_body", "request body is required: {\"language\":..,\"source\":..}");
        }
        Language language = language(request.language());
        List<SourceFile> files = JobFiles.of(request, language, sizes.maxSourceBytes());
        String stdin = request.stdin() == null ? "" : request.stdin();
        String stdinBase64 = null;
        int stdinBytes;
        if (isBase64(request.stdinEncoding())) {
            stdinBytes = JobFiles.base64("stdin", stdin).length;
            stdinBase64 = stdin;
            stdin = "";
        } else {
            stdinBytes = stdin.getBytes(StandardCharsets.UTF_8).length;
        }
        if (stdinBytes > sizes.maxStdinBytes()) {
            throw ApiException.tooLarge("field 'stdin' is " + stdinBytes + " bytes; the limit is " + sizes.maxStdinBytes());
        }
        List<String> args = arguments("args", request.args());
        List<String> compileArgs = arguments("compileArgs", request.compileArgs());
        if (!compileArgs.isEmpty() && !language.compiled()) {
            throw ApiException.unprocessable("compile_args_not_supported", language.name()
                    + " is not compiled; field 'compileArgs' applies to " + names(Languages.all().stream()
                            .filter(Language::compiled).toList()));
        }
        Limits resolved = limits.resolve(request.limits());
        Tests tests = TestsValidation.of(request, resolved, limits, sizes.maxTests(), sizes.maxStdinBytes())
                .orElse(null);
        return new JobMessage(UUID.randomUUID().toString(), language.name(), files, stdin, args, compileArgs, resolved,
                Instant.now(), tests, stdinBase64);
    }

    /** Whether stdin is base64: "utf8" (or none) is text; any other encoding is refused. */
    private static boolean isBase64(String encoding) {
        if (encoding == null || encoding.equals(JobFiles.UTF8)) {
            return false;
        }
        if (encoding.equals(JobFiles.BASE64)) {
            return true;
        }
        throw ApiException.unprocessable("unsupported_encoding", "field 'stdinEncoding' is '" + encoding
                + "'; it must be '" + JobFiles.UTF8 + "' or '" + JobFiles.BASE64 + "'");
    }

    private static Language language(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.invalid("missing_field", "field 'language' is required");
        }
        return Languages.byName(name).orElseThrow(() -> ApiException.unprocessable("unsupported_language",
                "language '" + name + "' is not supported; supported: " + names(Languages.all())));
    }

    private static String names(List<Language> languages) {
        return languages.stream().map(Language::name).collect(Collectors.joining(", "));
    }

    private static List<String> arguments(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > MAX_ARGS) {
            throw ApiException.unprocessable("too_many_arguments",
                    "field '" + field + "' has " + values.size() + " entries; the limit is " + MAX_ARGS);
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String element = field + "[" + i + "]";
            if (value == null) {
                throw ApiException.invalid("invalid_type", "field '" + element + "' must be a string");
            }
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_ARG_BYTES) {
                throw ApiException.unprocessable("argument_too_long",
                        "field '" + element + "' is " + bytes + " bytes; the limit is " + MAX_ARG_BYTES);
            }
            JobRules.argumentProblem(value).ifPresent(problem -> {
                throw ApiException.unprocessable("invalid_argument", "field '" + element + "' " + problem);
            });
        }
        return values;
    }
}
