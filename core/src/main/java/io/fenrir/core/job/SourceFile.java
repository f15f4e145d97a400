package io.fenrir.core.job;

/** One file of a job's source, UTF-8 text. The first file of a job is its entry point. */
public record SourceFile(String name, String content) {
}
