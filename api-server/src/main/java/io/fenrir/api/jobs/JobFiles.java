package io.fenrir.api.jobs;

import io.fenrir.api.error.ApiException;
import io.fenrir.core.job.JobRules;
import io.fenrir.core.job.SourceFile;
import io.fenrir.core.lang.Language;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/** A request's {@code source} or {@code files}, checked and decoded into the job's files. */
final class JobFiles {
    static final int MAX_FILES = 32;
    /**
     * The API's own naming, narrower than {@link JobRules} (which it checks first, as the agent
     * does): ASCII letters, digits and ". _ -" only, so a name is the same in every locale, log
     * and object key; no leading dot, so no hidden file a toolchain might read as its
     * configuration; no leading "-", so the entry file's name, which is an argument of the compiler
     * or interpreter, is never read as an option ("-c.py").
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");
    static final String UTF8 = "utf8";
    static final String BASE64 = "base64";

    private JobFiles() {
    }

    /**
     * The job's files, the entry point first.
     *
     * @param maxBytes the most all files may hold together, decoded
     */
    static List<SourceFile> of(SubmitRequest request, Language language, int maxBytes) {
        if (request.source() != null && request.files() != null) {
            throw ApiException.invalid("conflicting_fields", "give either 'source' (one file) or 'files', not both");
        }
        if (request.source() == null && request.files() == null) {
            throw ApiException.invalid("missing_field", "field 'source' (one file) or 'files' is required");
        }
        List<SourceFile> files = request.source() != null
                ? List.of(new SourceFile(language.sourceFileName(request.source()),
                        request.source().getBytes(StandardCharsets.UTF_8)))
                : decode(request.files(), language);
        long total = files.stream().mapToLong(file -> file.content().length).sum();
        if (total > maxBytes) {
            throw ApiException.tooLarge("the job's files hold " + total + " bytes; the limit is " + maxBytes);
        }
        return files;
    }

    private static List<SourceFile> decode(List<SubmittedFile> submitted, Language language) {
        if (submitted.isEmpty()) {
            throw ApiException.invalid("missing_field", "field 'files' holds no file; the first one is the entry point");
        }
        if (submitted.size() > MAX_FILES) {
            throw ApiException.unprocessable("too_many_files",
                    "field 'files' holds " + submitted.size() + " files; the limit is " + MAX_FILES);
        }
        List<SourceFile> files = new ArrayList<>();
        for (int i = 0; i < submitted.size(); i++) {
            files.add(decode(submitted.get(i), "files[" + i + "]"));
        }
        JobRules.repeatedFileName(files.stream().map(SourceFile::name).toList()).ifPresent(name -> {
            throw ApiException.unprocessable("duplicate_file_name", "file name '" + name + "' is given twice");
        });
        String entry = files.get(0).name();
        if (!entry.endsWith(language.extension())) {
            throw ApiException.unprocessable("invalid_entry_file", "the first file is the entry point and must end with '"
                    + language.extension() + "' for " + language.name() + "; it is '" + entry + "'");
        }
        return List.copyOf(files);
    }

    private static SourceFile decode(SubmittedFile file, String field) {
        if (file == null) {
            throw ApiException.invalid("invalid_type", "field '" + field + "' must be an object {name, content}");
        }
        if (file.name() == null) {
            throw ApiException.invalid("missing_field", "field '" + field + ".name' is required");
        }
        if (file.content() == null) {
            throw ApiException.invalid("missing_field", "field '" + field + ".content' is required");
        }
        JobRules.fileNameProblem(file.name()).ifPresent(problem -> {
            throw ApiException.unprocessable("invalid_file_name",
                    "file name '" + file.name() + "' (" + field + ".name) " + problem);
        });
        if (!NAME.matcher(file.name()).matches()) {
            throw ApiException.unprocessable("invalid_file_name", "file name '" + file.name() + "' (" + field
                    + ".name) must be 1 to 100 of letters, digits, '.', '_' and '-', and not start with '.' or '-'");
        }
        return new SourceFile(file.name(), content(file, field));
    }

    private static byte[] content(SubmittedFile file, String field) {
        String encoding = file.encoding() == null ? UTF8 : file.encoding();
        return switch (encoding) {
            case UTF8 -> file.content().getBytes(StandardCharsets.UTF_8);
            case BASE64 -> base64(field + ".content", file.content());
            default -> throw ApiException.unprocessable("unsupported_encoding", "field '" + field + ".encoding' is '"
                    + encoding + "'; it must be '" + UTF8 + "' or '" + BASE64 + "'");
        };
    }

    /** The bytes of base64 field {@code field} (standard alphabet, padded, no line breaks). */
    static byte[] base64(String field, String content) {
        try {
            return Base64.getDecoder().decode(content);
        } catch (IllegalArgumentException e) {
            throw ApiException.unprocessable("invalid_base64",
                    "field '" + field + "' is not valid base64: " + e.getMessage());
        }
    }
}
