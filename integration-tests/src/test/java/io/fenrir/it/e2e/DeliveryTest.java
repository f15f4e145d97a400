package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fenrir.it.observability.Scrape;
import io.fenrir.it.stack.FenrirStack;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Delivery on the real queue: in-progress acks keep a long job from being redelivered, a job that
 * cannot be run ends FAILED in the dead-letter stream and can be replayed, and cancellation stops a
 * queued or a running job. The stack runs with a short ack wait (3 s) and two deliveries per job.
 */
@Tag("e2e")
class DeliveryTest {
    private static final String TOKEN = "test-admin-token";
    private static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer " + TOKEN);
    private static FenrirStack stack;
    private static Http http;

    @BeforeAll
    static void startPlatform() {
        stack = FenrirStack.start(2, Map.of("FENRIR_ACK_WAIT_MS", "3000", "FENRIR_MAX_DELIVER", "2",
                "FENRIR_ADMIN_TOKEN", TOKEN));
        http = new Http(stack.api.baseUrl());
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aJobRunningLongerThanTheAckWaitIsNotRedelivered() {
        String id = http.submit(job("bash", "sleep 8; echo done", 20_000));
        JsonNode done = http.awaitFinished(id);
        assertThat(done.get("verdict").asText()).as(done.toString()).isEqualTo("OK");
        assertThat(done.get("attempts").asInt()).isEqualTo(1);
        assertThat(http.get("/jobs/" + id + "/output").body()).isEqualTo("done\n");
    }

    @Test
    void aJobThatCannotBeRunIsDeadLetteredWithItsReasonAndCanBeReplayed() {
        // Its worker dies at every delivery: the test kills every worker whose run step has started.
        String id = http.submit(job("bash", "sleep 60", 5_000));
        JsonNode failed = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            killWorkersRunning();
            return Http.json(http.get("/jobs/" + id));
        }, j -> Set.of("COMPLETED", "FAILED").contains(j.get("status").asText()));
        assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("FAILED");
        assertThat(failed.get("verdict").asText()).isEqualTo("INTERNAL_ERROR");
        assertThat(failed.get("attempts").asInt()).isEqualTo(2);

        JsonNode letter = deadLetterOf(id);
        assertThat(letter.get("reason").asText()).contains("attempt 2 of 2");
        assertThat(letter.get("attempts").asInt()).isEqualTo(2);
        // The metrics saw it: its second delivery, its dead letter, and the letter waiting in FENRIR_DLQ.
        Scrape manager = Scrape.of(stack.manager.metricsUrl());
        assertThat(manager.sum("fenrir_queue_redeliveries_total", Map.of())).isGreaterThanOrEqualTo(1);
        assertThat(manager.sum("fenrir_dead_letters_total", Map.of("cause", "attempts_failed"))).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Scrape.of(stack.api.metricsUrl()).sum("fenrir_dead_letter_messages", Map.of()) >= 1);

        // Operator endpoints need the token.
        assertThat(http.send("GET", "/admin/dead-letters", Map.of()).statusCode()).isEqualTo(401);
        assertThat(http.send("GET", "/admin/dead-letters", Map.of("Authorization", "Bearer wrong")).statusCode())
                .isEqualTo(401);

        // A replay runs the same job again; this time nobody kills its worker, and the wall limit ends it.
        HttpResponse<String> replay = http.send("POST", "/admin/dead-letters/" + letter.get("sequence").asLong()
                + "/replay", ADMIN);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
        assertThat(Http.json(replay).get("jobId").asText()).isEqualTo(id);
        JsonNode replayed = http.awaitFinished(id);
        assertThat(replayed.get("status").asText()).as(replayed.toString()).isEqualTo("COMPLETED");
        assertThat(replayed.get("verdict").asText()).isEqualTo("WALL_TIME_LIMIT");
        assertThat(deadLetters()).noneMatch(l -> l.get("jobId").asText().equals(id));
        assertThat(http.send("POST", "/admin/dead-letters/" + letter.get("sequence").asLong() + "/replay", ADMIN)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void aJobThatCanNeverRunFailsOnItsFirstDeliveryWithoutCostingAWorker() throws Exception {
        // Published past the API, which refuses both: a file name the agent refuses, a language nobody runs.
        String refused = UUID.randomUUID().toString();
        String unknown = UUID.randomUUID().toString();
        Scrape before = Scrape.of(stack.manager.metricsUrl());
        publishPastTheApi(refused, "bash", "notes..txt");
        publishPastTheApi(unknown, "cobol", "main.cob");

        for (String id : List.of(refused, unknown)) {
            JsonNode failed = Http.json(await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> http.get("/jobs/" + id), r -> r.statusCode() == 200
                            && Http.json(r).get("status").asText().equals("FAILED")));
            assertThat(failed.get("attempts").asInt()).as(failed.toString()).isEqualTo(1);
            assertThat(deadLetterOf(id).get("attempts").asInt()).isEqualTo(1);
        }
        assertThat(deadLetterOf(refused).get("reason").asText()).contains("notes..txt");
        assertThat(deadLetterOf(unknown).get("reason").asText()).contains("unknown language 'cobol'");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(consumerBacklog()).isZero());
        Scrape after = Scrape.of(stack.manager.metricsUrl());
        assertThat(after.sum("fenrir_dead_letters_total", Map.of("cause", "refused"))
                - before.sum("fenrir_dead_letters_total", Map.of("cause", "refused"))).isEqualTo(2);
        assertThat(after.sum("fenrir_queue_redeliveries_total", Map.of()))
                .isEqualTo(before.sum("fenrir_queue_redeliveries_total", Map.of()));
        assertThat(after.sum("fenrir_worker_retirements_total", Map.of()))
                .as("workers retired").isEqualTo(before.sum("fenrir_worker_retirements_total", Map.of()));
    }

    @Test
    void aCancelledQueuedJobNeverRuns() {
        stack.manager.stop();
        String id;
        try {
            id = http.submit(job("bash", "echo ran", 5_000));
            HttpResponse<String> cancelled = http.send("POST", "/jobs/" + id + "/cancel", Map.of());
            assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
            assertThat(Http.json(cancelled).get("status").asText()).isEqualTo("CANCELLED");
        } finally {
            stack.manager.start();
        }
        // The manager pulls the message, sees the CANCELLED row and acknowledges it without running it.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(consumerBacklog()).isZero());
        JsonNode job = Http.json(http.get("/jobs/" + id));
        assertThat(job.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(job.has("startedAt")).as(job.toString()).isFalse();
        assertThat(http.get("/jobs/" + id + "/output").statusCode()).isEqualTo(404);
    }

    @Test
    void aCancelledRunningJobIsKilledAndItsWorkerReplaced() {
        String id = http.submit(job("bash", "sleep 60", 60_000));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> Http.json(http.get("/jobs/" + id)).get("status").asText().equals("RUNNING"));
        long started = System.nanoTime();
        HttpResponse<String> cancelled = http.send("POST", "/jobs/" + id + "/cancel", Map.of());
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);

        // The worker that ran it is destroyed well before the job's 60 s, and the pool is whole again.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(runningJobs()).isZero();
            assertThat(consumerBacklog()).isZero();
        });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(Http.json(http.get("/jobs/" + id)).get("status").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void aFinishedJobCannotBeCancelledAndAnUnknownOneIsNotFound() {
        String id = http.submit(job("bash", "true", 5_000));
        http.awaitFinished(id);
        HttpResponse<String> late = http.send("POST", "/jobs/" + id + "/cancel", Map.of());
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(Http.json(late).get("error").get("code").asText()).isEqualTo("job_finished");
        assertThat(http.send("POST", "/jobs/00000000-0000-0000-0000-000000000000/cancel", Map.of()).statusCode())
                .isEqualTo(404);
    }

    /** A job message as the API would publish it, with one file named {@code fileName}. */
    private static void publishPastTheApi(String id, String language, String fileName) throws Exception {
        ObjectNode message = Http.JSON.createObjectNode().put("id", id).put("language", language)
                .put("stdin", "").put("submittedAt", Instant.now().toString());
        message.putArray("files").addObject().put("name", fileName)
                .put("content", Base64.getEncoder().encodeToString("echo hi".getBytes(StandardCharsets.UTF_8)));
        message.putObject("limits").put("cpuMs", 1000).put("wallMs", 2000).put("memoryMb", 64).put("pids", 16)
                .put("outputBytes", 65536).put("fileBytes", 1048576);
        try (Connection connection = Nats.connect(stack.natsUrl())) {
            connection.jetStream().publish(NatsMessage.builder().subject("fenrir.jobs.submit." + id)
                    .headers(new Headers().put("Nats-Msg-Id", id)).data(Http.JSON.writeValueAsBytes(message)).build());
        }
    }

    /** Messages of the work queue not yet acknowledged: waiting, or delivered and in progress. */
    private static long consumerBacklog() throws Exception {
        try (Connection connection = Nats.connect(stack.natsUrl())) {
            ConsumerInfo consumer = connection.jetStreamManagement().getConsumerInfo("FENRIR_JOBS", "sandbox-manager");
            return consumer.getNumPending() + consumer.getNumAckPending();
        }
    }

    private static ObjectNode job(String language, String source, int wallMs) {
        ObjectNode body = Http.JSON.createObjectNode().put("language", language).put("source", source);
        body.putObject("limits").put("wallMs", wallMs);
        return body;
    }

    private static JsonNode deadLetterOf(String id) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters().stream()
                .filter(l -> l.get("jobId").asText().equals(id)).findFirst().orElse(null), l -> l != null);
    }

    private static List<JsonNode> deadLetters() {
        HttpResponse<String> page = http.send("GET", "/admin/dead-letters", ADMIN);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return StreamSupport.stream(Http.json(page).get("deadLetters").spliterator(), false).toList();
    }

    private static void killWorkersRunning() {
        stack.workersRunningAJob().forEach(stack::killWorker);
    }

    private static long runningJobs() {
        return stack.workersRunningAJob().size();
    }
}
