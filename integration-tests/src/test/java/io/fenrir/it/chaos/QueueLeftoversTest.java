package io.fenrir.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.e2e.Http;
import io.fenrir.it.observability.Scrape;
import io.fenrir.it.stack.FenrirStack;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamState;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a kill -9 of nats-server leaves in the work queue (docs/reliability.md, "Messages left in the
 * work queue"). nats-server 2.9 writes its consumer's acknowledgements to disk within a moment of an
 * ack, but a work-queue stream's removal of an acknowledged message only with its next index write
 * (for a message not first in the stream, when 500 ms have passed since the last one; when the
 * stream empties, at once): killed in between, it restarts holding messages its consumer has
 * acknowledged and will never deliver again. Such a message must not run its job again and must not
 * stay: the API's sweep removes it once the consumer's ack floor has passed it (every 2 s here,
 * FENRIR_QUEUE_SWEEP_INTERVAL).
 *
 * <p>A round: a slow job holds the first place in the stream (as a backlog does), two workers run a
 * burst of quick jobs whose last two finish together, and nats-server is killed once the consumer's
 * state file was written after the last ack. Should a round leave nothing (an index write fell on
 * the last removal), another is tried, a few at most.
 */
@Tag("chaos")
class QueueLeftoversTest {
    private static final String STREAM = "FENRIR_JOBS";
    private static final String CONSUMER = "sandbox-manager";
    private static final int BURST = 4;
    private static final int ROUNDS = 3;

    private static FenrirStack stack;

    @BeforeAll
    static void startPlatform() {
        // One worker for the slow job, two for the burst.
        stack = FenrirStack.start(3, Map.of("FENRIR_QUEUE_SWEEP_INTERVAL", "2s"));
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void messagesAKilledNatsServerKeptAfterTheirAcksNeverRunAgainAndAreSwept() throws Exception {
        Http http = new Http(stack.api.baseUrl());
        List<String> ids = new ArrayList<>();
        long kept = 0;
        for (int round = 1; round <= ROUNDS && kept == 0; round++) {
            String slow = submit(http, "sleep 12; echo slow " + round);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> status(http, slow).equals("RUNNING"));
            List<String> burst = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                burst.add(submit(http, "echo round " + round + " job " + i));
            }
            burst.forEach(id -> awaitFinished(http, id));
            killNatsOnceTheAcksAreOnDisk();
            // The slow job is still running: its message is the only one the stream should hold.
            long held = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> streamState().getMsgCount(), count -> count >= 1);
            kept += held - 1;
            System.out.println("[leftovers] round " + round + ": the restarted nats-server held " + (held - 1)
                    + " acknowledged messages of " + BURST);
            awaitFinished(http, slow);
            ids.add(slow);
            ids.addAll(burst);
        }
        assertThat(kept).as("acknowledged messages the restarted nats-server held (none in " + ROUNDS
                + " rounds: has nats-server's store changed? see docs/reliability.md)").isPositive();

        // Once the consumer's floor passed them, the API's sweep removed them; nothing is left to deliver.
        long leftovers = kept;
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(streamState().getMsgCount()).as("messages in " + STREAM).isZero();
                    ConsumerInfo consumer = consumerInfo();
                    assertThat(consumer.getNumPending() + consumer.getNumAckPending()).as("not yet acknowledged")
                            .isZero();
                    assertThat(swept()).isEqualTo(leftovers);
                });
        // None of them ran its job again: one run step per job, one attempt each.
        Scrape manager = Scrape.of(stack.manager.metricsUrl());
        assertThat(manager.sum("fenrir_job_step_seconds_count", Map.of("step", "run"))).isEqualTo(ids.size());
        for (String id : ids) {
            JsonNode job = Http.json(http.get("/jobs/" + id));
            assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("COMPLETED");
            assertThat(job.get("attempts").asInt()).as(job.toString()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                .until(() -> Scrape.of(stack.api.metricsUrl()).sum("fenrir_queue_messages", Map.of()) == 0);
    }

    /**
     * kill -9 of nats-server once every message but the slow job's is acknowledged and the
     * consumer's state file was written after the last ack, then a start on the same store.
     */
    private static void killNatsOnceTheAcksAreOnDisk() {
        Path consumerState = stack.nats.storeDir()
                .resolve("jetstream/$G/streams/" + STREAM + "/obs/" + CONSUMER + "/o.dat");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            ConsumerInfo consumer = consumerInfo();
            if (consumer.getDelivered().getStreamSequence() < streamState().getLastSequence()
                    || consumer.getNumAckPending() != 1 || consumer.getAckFloor().getLastActive() == null) {
                return false;
            }
            Instant lastAck = consumer.getAckFloor().getLastActive().toInstant();
            return Files.exists(consumerState)
                    && Files.getLastModifiedTime(consumerState).toInstant().isAfter(lastAck);
        });
        stack.nats.kill();
        stack.nats.start();
    }

    /** What the API's sweep removed so far. */
    private static double swept() {
        return Scrape.of(stack.api.metricsUrl()).sum("fenrir_queue_leftovers_removed_total", Map.of());
    }

    private static String submit(Http http, String script) {
        HttpResponse<String> accepted = http.postJson("/jobs",
                Http.JSON.createObjectNode().put("language", "bash").put("source", script).toString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return Http.json(accepted).get("id").asText();
    }

    private static void awaitFinished(Http http, String id) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> status(http, id), status -> Set.of("COMPLETED", "FAILED").contains(status));
    }

    private static String status(Http http, String id) {
        return Http.json(http.get("/jobs/" + id)).get("status").asText();
    }

    private static StreamState streamState() throws Exception {
        try (Connection nats = Nats.connect(stack.natsUrl())) {
            return nats.jetStreamManagement().getStreamInfo(STREAM).getStreamState();
        }
    }

    private static ConsumerInfo consumerInfo() throws Exception {
        try (Connection nats = Nats.connect(stack.natsUrl())) {
            return nats.jetStreamManagement().getConsumerInfo(STREAM, CONSUMER);
        }
    }
}
