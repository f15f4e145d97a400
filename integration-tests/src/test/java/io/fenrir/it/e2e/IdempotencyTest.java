package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.stack.FenrirStack;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * POST /jobs with an Idempotency-Key (issue 4): the same key and body give one job, whoever sends
 * them and however often, even at the same moment; another body under the key is refused.
 */
@Tag("e2e")
class IdempotencyTest {
    private static final String REPLAYED = "Idempotent-Replayed";

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
    void simultaneousIdenticalRequestsMakeOneJobAndOneMessageAndARetryAfterItFinishedRunsNothing() throws Exception {
        // With the manager stopped the message stays in the stream, where it can be counted.
        stack.manager.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> JobQueueProbe.messages(stack) == 0);
        long sequenceBefore = JobQueueProbe.lastSequence(stack);
        String key = UUID.randomUUID().toString();
        String body = "{\"language\":\"python\",\"source\":\"print('once')\"}";

        List<HttpResponse<String>> answers = postAtOnce(8, key, body);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202));
        assertThat(answers).extracting(answer -> Http.json(answer).get("id").asText()).containsOnly(id(answers.get(0)));
        assertThat(answers).filteredOn(answer -> answer.headers().firstValue(REPLAYED).isEmpty()).hasSize(1);
        String id = id(answers.get(0));
        assertThat(JobQueueProbe.messages(stack)).isEqualTo(1);
        assertThat(JobQueueProbe.lastSequence(stack)).isEqualTo(sequenceBefore + 1);

        stack.manager.start();
        JsonNode done = http.awaitFinished(id);
        assertThat(done.get("verdict").asText()).isEqualTo("OK");
        assertThat(done.get("attempts").asInt()).isEqualTo(1);
        assertThat(http.get("/jobs/" + id + "/output").body()).isEqualTo("once\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> JobQueueProbe.messages(stack) == 0);

        // Long after the duplicate window would matter, the key still answers the finished job.
        HttpResponse<String> retry = post(key, body);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(id(retry)).isEqualTo(id);
        assertThat(retry.headers().firstValue(REPLAYED)).contains("true");
        assertThat(retry.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/jobs/" + id));
        assertThat(JobQueueProbe.lastSequence(stack)).as("nothing new was queued").isEqualTo(sequenceBefore + 1);
        JsonNode after = Http.json(http.get("/jobs/" + id));
        assertThat(after.get("attempts").asInt()).isEqualTo(1);
        assertThat(after.get("finishedAt").asText()).isEqualTo(done.get("finishedAt").asText());
    }

    @Test
    void theSameKeyWithAnotherBodyIsA422NamingTheFirstJob() {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post(key, "{\"language\":\"python\",\"source\":\"print(1)\"}");
        assertThat(first.statusCode()).isEqualTo(202);
        JsonNode error = Http.assertError(post(key, "{\"language\":\"python\",\"source\":\"print(2)\"}"), 422,
                "idempotency_key_reused");
        assertThat(error.get("message").asText()).contains(id(first));
    }

    @Test
    void whitespaceAndFieldOrderDoNotMakeABodyDifferent() {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post(key, "{\"language\":\"python\",\"source\":\"print(3)\",\"args\":[\"a\"]}");
        HttpResponse<String> again = post(key, "{ \"args\" : [\"a\"],\n  \"source\":\"print(3)\", \"language\":\"python\" }");
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(id(again)).isEqualTo(id(first));
    }

    @Test
    void differentKeysMakeDifferentJobsFromTheSameBody() {
        String body = "{\"language\":\"python\",\"source\":\"print(4)\"}";
        assertThat(id(post(UUID.randomUUID().toString(), body))).isNotEqualTo(id(post(UUID.randomUUID().toString(), body)));
    }

    @Test
    void aKeyLongerThan255CharactersIsA400AndMakesNoJob() {
        long sequenceBefore = JobQueueProbe.lastSequence(stack);
        Http.assertError(post("k".repeat(256), "{\"language\":\"python\",\"source\":\"print(5)\"}"), 400,
                "invalid_idempotency_key");
        assertThat(JobQueueProbe.lastSequence(stack)).isEqualTo(sequenceBefore);
    }

    private static List<HttpResponse<String>> postAtOnce(int count, String key, String body) {
        CountDownLatch ready = new CountDownLatch(count);
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            posts.add(CompletableFuture.supplyAsync(() -> {
                ready.countDown();
                try {
                    ready.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return post(key, body);
            }, runnable -> new Thread(runnable).start()));
        }
        return posts.stream().map(CompletableFuture::join).toList();
    }

    private static HttpResponse<String> post(String key, String body) {
        return http.postJson("/jobs", body, Map.of("Idempotency-Key", key));
    }

    private static String id(HttpResponse<String> answer) {
        return Http.json(answer).get("id").asText();
    }
}
