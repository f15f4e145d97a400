package io.fenrir.it.attacks;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.attacks.AttackRunner.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.SoftAssertions;

/** What every run of the attacks checks of an outcome, wherever the platform runs (this host or the nested VM). */
final class AttackExpectations {
    private AttackExpectations() {
    }

    /** Checks one outcome against its attack's header; a failure names the file and shows what the job printed. */
    static void verify(Outcome outcome) {
        Attack attack = outcome.attack();
        if (Boolean.getBoolean("fenrir.attacks.verbose")) {
            System.out.println("[attacks] " + attack.file() + ": " + outcome.job() + "\n---- stdout:\n"
                    + excerpt(outcome.stdout()) + "\n---- stderr:\n" + excerpt(outcome.stderr()));
        }
        Attack.Expected expected = attack.expected();
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(outcome.httpStatus()).as("HTTP status of POST /jobs").isEqualTo(expected.httpStatus());
        if (expected.httpStatus() != 202 || outcome.job() == null) {
            softly.assertThat(outcome.response()).as("the refusal is a JSON error").contains("\"error\"");
        } else {
            JsonNode job = outcome.job();
            softly.assertThat(job.path("status").asText()).as("status").isEqualTo("COMPLETED");
            softly.assertThat(job.path("verdict").asText()).as("verdict").isIn(expected.verdicts());
            expected.contains().forEach((stream, texts) -> texts.forEach(text ->
                    softly.assertThat(outcome.output(stream)).as(stream + " contains").contains(text)));
            expected.absent().forEach((stream, texts) -> texts.forEach(text ->
                    softly.assertThat(outcome.output(stream)).as(stream + " does not contain").doesNotContain(text)));
            expected.fields().forEach((field, value) ->
                    softly.assertThat(job.path(field).asText()).as("job field " + field).isEqualTo(value));
            if (expected.wallUnderMs() != null) {
                softly.assertThat(job.path("wallMs").asLong()).as("wallMs").isLessThan(expected.wallUnderMs());
            }
            Long cap = attack.submission().limits().get("outputBytes");
            if (cap != null) {
                softly.assertThat(bytes(outcome.stdout())).as("stored stdout bytes").isLessThanOrEqualTo(cap);
                softly.assertThat(bytes(outcome.stderr())).as("stored stderr bytes").isLessThanOrEqualTo(cap);
            }
        }
        try {
            softly.assertAll();
        } catch (AssertionError failure) {
            throw new AssertionError(attack.file() + ": " + expected.description() + "\n" + failure.getMessage()
                    + "\n---- job: " + outcome.job() + "\n---- POST answer: " + outcome.response()
                    + "\n---- stdout: " + excerpt(outcome.stdout()) + "\n---- stderr: " + excerpt(outcome.stderr())
                    + "\n---- compile output: " + excerpt(outcome.compileOutput()), failure);
        }
    }

    private static long bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String excerpt(String text) {
        return text.length() <= 4000 ? text : text.substring(0, 4000) + "\n[... " + text.length() + " chars in all]";
    }

    /** attack, verdict (or HTTP status), wall ms, CPU ms and memory peak, one row each, on stdout. */
    static void printSummary(List<Attack> attacks, Map<String, CompletableFuture<Outcome>> outcomes) {
        StringBuilder table = new StringBuilder("\n[attacks] summary\n");
        table.append(String.format("%-32s %-16s %8s %8s %10s%n", "attack", "verdict", "wall ms", "cpu ms", "peak KiB"));
        for (Attack attack : attacks) {
            CompletableFuture<Outcome> future = outcomes.get(attack.name());
            Outcome outcome = future.isCompletedExceptionally() ? null : future.join();
            JsonNode job = outcome == null ? null : outcome.job();
            String result = outcome == null ? "did not finish" : job == null ? "HTTP " + outcome.httpStatus()
                    : job.path("verdict").asText(job.path("status").asText());
            table.append(String.format("%-32s %-16s %8s %8s %10s%n", attack.name(), result,
                    job == null ? "-" : job.path("wallMs").asText("-"), job == null ? "-" : job.path("cpuMs").asText("-"),
                    job == null ? "-" : job.path("memoryPeakKb").asText("-")));
        }
        System.out.println(table);
    }
}
