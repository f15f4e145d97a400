package io.fenrir.core.job;

/**
 * One file of a job, as bytes (JSON carries them as base64). The first file of a job is its entry
 * point. The name is a plain file name: no "/", no "..", not empty.
 */
public record SourceFile(String name, byte[] content) {
}
