package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A Fenrir process's log as its operators' tools read it: one JSON object per line. */
final class JsonLog {

    private JsonLog() {
    }

    /**
     * Asserts that every line of {@code log} that mentions job {@code jobId} is a JSON object whose
     * context names the job ({@code mdc.jobId}), and that there is at least one; returns them.
     */
    static List<JsonNode> assertLinesAbout(Path log, String jobId) {
        List<JsonNode> records = linesAbout(log, jobId);
        assertThat(records).as("lines of " + log + " about job " + jobId).isNotEmpty();
        return records;
    }

    /** As {@link #assertLinesAbout}, but there may be none. */
    static List<JsonNode> linesAbout(Path log, String jobId) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log).stream().filter(line -> line.contains(jobId)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<JsonNode> records = lines.stream().map(JsonLog::parse).toList();
        for (JsonNode record : records) {
            assertThat(record.path("mdc").path("jobId").asText()).as(record.toString()).isEqualTo(jobId);
            assertThat(message(record)).as(record.toString()).isNotBlank();
        }
        return records;
    }

    /** The line's message: "message" from the API (JBoss JSON formatter), "formattedMessage" from the manager (logback). */
    static String message(JsonNode record) {
        return record.has("formattedMessage") ? record.get("formattedMessage").asText() : record.path("message").asText();
    }

    private static JsonNode parse(String line) {
        try {
            return Http.JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }
}
