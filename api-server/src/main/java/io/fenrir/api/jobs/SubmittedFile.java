package io.fenrir.api.jobs;

/**
 * One element of POST /jobs' {@code files}.
 *
 * @param name     a plain file name: 1–100 of [A-Za-z0-9._-], not starting with "."
 * @param content  the file's content, as text or base64 according to {@code encoding}
 * @param encoding "utf8" (the default) or "base64", for content that is not text
 */
public record SubmittedFile(String name, String content, String encoding) {
}
