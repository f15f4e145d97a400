package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.stack.FenrirStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** GET /jobs/{id}/timeline (issue 5): each stage of each attempt, from the API's and the manager's records. */
@Tag("e2e")
class TimelineTest {
    /** Clocks of two processes and of PostgreSQL on one machine: stages may touch within this much. */
    private static final long SLACK_MS = 50;
    private static FenrirStack stack;
    private static Http http;

    @BeforeAll
    static void startPlatform() {
        stack = FenrirStack.start(1);
        http = new Http(stack.api.baseUrl());
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aCompiledJobShowsEveryStageInOrderWithTheRunAsLongAsTheProgram() {
        String id = http.submit(Http.JSON.valueToTree(Map.of("language", "c", "source",
                "#include <unistd.h>\nint main(void) { usleep(300000); return 0; }\n")));
        JsonNode job = http.awaitFinished(id);
        JsonNode timeline = awaitStage(id, "acked");
        // Printed for docs/observability.md's example: a real timeline from a run of the whole stack.
        System.out.println("[timeline] " + timeline.toPrettyString());

        assertThat(timeline.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(names(timeline)).containsExactly("accepted", "persisted", "dequeued", "workerAssigned", "compile",
                "run", "outputStored", "acked");
        assertThat(attempts(timeline)).containsExactly(0, 0, 1, 1, 1, 1, 1, 1);
        List<JsonNode> stages = stages(timeline);
        for (JsonNode stage : stages) {
            assertThat(stage.get("durationMs").asLong()).as(stage.toString()).isGreaterThanOrEqualTo(0);
        }
        // The manager's stages follow each other.
        for (int i = 3; i < stages.size(); i++) {
            assertThat(start(stages.get(i))).as(stages.get(i).toString())
                    .isAfterOrEqualTo(end(stages.get(i - 1)).minusMillis(SLACK_MS));
        }
        assertThat(start(stages.get(2))).as("queued once JetStream held it")
                .isAfterOrEqualTo(end(stages.get(0)).minusMillis(SLACK_MS));
        JsonNode run = stages.get(5);
        // PostgreSQL keeps microseconds: the stored span may be a rounding short of the agent's wall time.
        long wallMs = job.get("wallMs").asLong();
        assertThat(wallMs).isGreaterThanOrEqualTo(300);
        assertThat(run.get("durationMs").asLong()).isBetween(wallMs - 1, wallMs);
        assertThat(timeline.get("totalMs").asLong()).isGreaterThanOrEqualTo(run.get("durationMs").asLong()
                + stages.get(4).get("durationMs").asLong());
        // The manager's log says how the job ended, in a JSON line that names the job as a field.
        assertThat(JsonLog.assertLinesAbout(stack.manager.logFile(), id))
                .anySatisfy(line -> assertThat(JsonLog.message(line)).contains("COMPLETED OK"));
    }

    @Test
    void aRedeliveredJobShowsItsFirstAttemptToo() {
        String id = http.submit(Http.JSON.valueToTree(Map.of("language", "bash", "source", "sleep 2; echo done")));
        String worker = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(stack::workersRunningAJob, workers -> !workers.isEmpty()).get(0);
        stack.killWorker(worker);

        assertThat(http.awaitFinished(id).get("attempts").asInt()).isEqualTo(2);
        JsonNode timeline = awaitStage(id, "acked");
        List<String> stages = new ArrayList<>();
        stages(timeline).forEach(s -> stages.add(s.get("attempt").asInt() + ":" + s.get("stage").asText()));
        assertThat(stages).containsExactly("0:accepted", "0:persisted", "1:dequeued", "1:workerAssigned",
                "2:dequeued", "2:workerAssigned", "2:run", "2:outputStored", "2:acked");
    }

    @Test
    void anUnknownJobHasNoTimeline() {
        Http.assertError(http.get("/jobs/" + UUID.randomUUID() + "/timeline"), 404, "job_not_found");
    }

    private static JsonNode awaitStage(String id, String stage) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> Http.json(http.get("/jobs/" + id + "/timeline")), t -> names(t).contains(stage));
    }

    private static List<JsonNode> stages(JsonNode timeline) {
        return StreamSupport.stream(timeline.get("stages").spliterator(), false).toList();
    }

    private static List<String> names(JsonNode timeline) {
        return stages(timeline).stream().map(s -> s.get("stage").asText()).toList();
    }

    private static List<Integer> attempts(JsonNode timeline) {
        return stages(timeline).stream().map(s -> s.get("attempt").asInt()).toList();
    }

    private static Instant start(JsonNode stage) {
        return Instant.parse(stage.get("startedAt").asText());
    }

    private static Instant end(JsonNode stage) {
        return Instant.parse(stage.get("endedAt").asText());
    }
}
