package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.observability.Scrape;
import io.fenrir.it.stack.FenrirStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Results without polling (issue 13): GET /jobs/{id}?waitMs= and POST /jobs with Prefer: wait= answer as
 * soon as the job has finished, woken by the finished notice its manager (or a cancellation) sends, or as
 * the job is when the wait runs out; waiting requests leave the in-flight cap for a cap of their own.
 */
@Tag("e2e")
class WaitTest {
    private static final int MAX_WAITERS = 2;
    private static final Set<String> UNFINISHED = Set.of("QUEUED", "RUNNING");

    private static FenrirStack stack;
    private static Http http;

    @BeforeAll
    static void startPlatform() {
        stack = FenrirStack.start(2, Map.of("FENRIR_WAIT_MAX_WAITERS", Integer.toString(MAX_WAITERS)));
        http = new Http(stack.api.baseUrl());
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aWaitingGetIsAnsweredAsSoonAsTheJobFinishesNotWhenItsWaitRunsOut() {
        String id = http.submit(Http.JSON.valueToTree(Map.of("language", "python", "source",
                "import time\ntime.sleep(1.5)\nprint('done')")));

        long start = System.nanoTime();
        HttpResponse<String> answer = http.get("/jobs/" + id + "?waitMs=25000");
        long millis = elapsedMillis(start);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode job = Http.json(answer);
        assertThat(job.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(job.get("verdict").asText()).isEqualTo("OK");
        assertThat(millis).as("woken by the job's finished notice").isBetween(1000L, 15_000L);
        assertThat(http.get("/jobs/" + id + "/output").body()).isEqualTo("done\n");
    }

    @Test
    void aWaitThatRunsOutAnswersTheJobAsItIsThen() {
        String id = http.submit(sleeper(30));

        long start = System.nanoTime();
        HttpResponse<String> answer = http.get("/jobs/" + id + "?waitMs=700");
        long millis = elapsedMillis(start);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(Http.json(answer).get("status").asText()).isIn(UNFINISHED);
        assertThat(millis).isBetween(700L, 10_000L);
        cancel(id);
    }

    @Test
    void preferWaitOnASubmissionAnswers200WithTheFinishedJob() {
        String body = "{\"language\":\"c\",\"source\":\"#include <stdio.h>\\nint main(void){printf(\\\"%d\\\\n\\\", 6 * 7);return 0;}\"}";

        HttpResponse<String> answer = http.postJson("/jobs", body, Map.of("Prefer", "wait=25"));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode job = Http.json(answer);
        assertThat(job.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(job.get("verdict").asText()).isEqualTo("OK");
        assertThat(answer.headers().firstValue("Preference-Applied")).contains("wait=25");
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/jobs/" + job.get("id").asText()));
        assertThat(http.get("/jobs/" + job.get("id").asText() + "/output").body()).isEqualTo("42\n");
    }

    @Test
    void preferWaitThatRunsOutIsThe202OfAnyAcceptedJob() {
        long start = System.nanoTime();
        HttpResponse<String> answer = http.postJson("/jobs", sleeper(30).toString(), Map.of("Prefer", "respond-async, wait=1"));
        long millis = elapsedMillis(start);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode job = Http.json(answer);
        assertThat(job.get("status").asText()).isIn(UNFINISHED);
        assertThat(answer.headers().firstValue("Preference-Applied")).contains("wait=1");
        assertThat(millis).isBetween(1000L, 10_000L);
        cancel(job.get("id").asText());
    }

    @Test
    void waitersLeaveTheInFlightCountForACapOfTheirOwnAndACancellationWakesThem() throws Exception {
        String id = http.submit(sleeper(40));
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest waitLong = HttpRequest.newBuilder(URI.create(stack.api.baseUrl() + "/jobs/" + id + "?waitMs=40000"))
                .timeout(Duration.ofSeconds(60)).build();
        List<CompletableFuture<HttpResponse<String>>> waiting = List.of(
                client.sendAsync(waitLong, HttpResponse.BodyHandlers.ofString()),
                client.sendAsync(waitLong, HttpResponse.BodyHandlers.ofString()));
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("fenrir_api_job_waiters") == MAX_WAITERS);
        assertThat(gauge("fenrir_api_requests_in_flight")).as("waiters are not requests in flight").isZero();

        HttpResponse<String> refused = http.get("/jobs/" + id + "?waitMs=40000");
        Http.assertError(refused, 429, "too_many_waiters");
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        // A submission is never refused for want of a waiter's place: it is answered without waiting.
        HttpResponse<String> unwaited = http.postJson("/jobs", sleeper(1).toString(), Map.of("Prefer", "wait=30"));
        assertThat(unwaited.statusCode()).as(unwaited.body()).isEqualTo(202);
        assertThat(unwaited.headers().firstValue("Preference-Applied")).isEmpty();

        long start = System.nanoTime();
        cancel(id);
        for (CompletableFuture<HttpResponse<String>> answer : waiting) {
            HttpResponse<String> woken = answer.get(10, TimeUnit.SECONDS);
            assertThat(woken.statusCode()).isEqualTo(200);
            assertThat(Http.json(woken).get("status").asText()).isEqualTo("CANCELLED");
        }
        assertThat(elapsedMillis(start)).as("woken by the cancellation's notice").isLessThan(10_000L);
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("fenrir_api_job_waiters") == 0);
        http.awaitFinished(Http.json(unwaited).get("id").asText());
    }

    @Test
    void aBadWaitIsRefusedAndAnUnknownJobIsStillA404() {
        String id = http.submit(Http.JSON.valueToTree(Map.of("language", "bash", "source", "echo hi")));
        Http.assertError(http.get("/jobs/" + id + "?waitMs=soon"), 400, "invalid_wait");
        Http.assertError(http.get("/jobs/" + id + "?waitMs=-5"), 400, "invalid_wait");
        JsonNode tooLong = Http.assertError(http.get("/jobs/" + id + "?waitMs=600000"), 422, "wait_too_long");
        assertThat(tooLong.get("message").asText()).contains("60000");
        Http.assertError(http.get("/jobs/" + UUID.randomUUID() + "?waitMs=1000"), 404, "job_not_found");
        // A preference the API does not understand is ignored, as RFC 7240 says.
        HttpResponse<String> ignored = http.postJson("/jobs", "{\"language\":\"bash\",\"source\":\"echo hi\"}",
                Map.of("Prefer", "wait=soon"));
        assertThat(ignored.statusCode()).isEqualTo(202);
        assertThat(ignored.headers().firstValue("Preference-Applied")).isEmpty();
        http.awaitFinished(Http.json(ignored).get("id").asText());
        http.awaitFinished(id);
    }

    /** A job that sleeps without using CPU, so that it lasts as long as the test needs. */
    private static JsonNode sleeper(int seconds) {
        return Http.JSON.valueToTree(Map.of("language", "python", "source",
                "import time\ntime.sleep(" + seconds + ")\nprint('slept')", "limits", Map.of("wallMs", 60000)));
    }

    private static void cancel(String id) {
        HttpResponse<String> cancelled = http.send("POST", "/jobs/" + id + "/cancel", Map.of());
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
    }

    private static double gauge(String name) {
        return Scrape.of(stack.api.metricsUrl()).sum(name, Map.of());
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
