package io.fenrir.api.jobs;

/**
 * The body of POST /jobs.
 *
 * @param language required; a name listed by the server (for example "python")
 * @param source   required; the program's single source file, UTF-8, at most 1 MiB
 * @param stdin    optional standard input
 */
public record SubmitRequest(String language, String source, String stdin) {
}
