package io.fenrir.api.jobs;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.SourceFile;
import io.fenrir.core.lang.Language;
import io.fenrir.core.lang.Languages;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Turns a client's request into the job the queue carries, or explains why it cannot. */
@ApplicationScoped
public class SubmissionValidator {
    private final FenrirConfig.Submission limits;

    public SubmissionValidator(FenrirConfig config) {
        this.limits = config.submission();
    }

    public JobMessage validate(SubmitRequest request) {
        if (request == null) {
            throw ApiException.invalid("missing_body", "request body is required: {\"language\":..,\"source\":..}");
        }
        if (request.language() == null || request.language().isBlank()) {
            throw ApiException.invalid("missing_field", "field 'language' is required");
        }
        Language language = Languages.byName(request.language()).orElseThrow(() -> ApiException.unprocessable(
                "unsupported_language", "language '" + request.language() + "' is not supported; supported: "
                        + Languages.all().stream().map(Language::name).collect(Collectors.joining(", "))));
        if (request.source() == null) {
            throw ApiException.invalid("missing_field", "field 'source' is required");
        }
        requireAtMost("source", request.source(), limits.maxSourceBytes());
        String stdin = request.stdin() == null ? "" : request.stdin();
        requireAtMost("stdin", stdin, limits.maxStdinBytes());
        return new JobMessage(UUID.randomUUID().toString(), language.name(),
                List.of(new SourceFile(language.entryFile(), request.source())), stdin, Instant.now());
    }

    private static void requireAtMost(String field, String value, int maxBytes) {
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw ApiException.tooLarge("field '" + field + "' is " + bytes + " bytes; the limit is " + maxBytes);
        }
    }
}
