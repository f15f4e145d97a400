package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fenrir.it.observability.Scrape;
import io.fenrir.it.stack.FenrirStack;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DELETE /jobs/{id} and retention (issue 13): a finished job's row, stages and objects go, and its id
 * answers 410 job_deleted from then on, never 404; retention does the same for jobs past their age.
 */
@Tag("e2e")
class DeletionTest {
    /** Long enough for a test to delete a job itself before retention does; short enough to wait for. */
    private static final Duration MAX_AGE = Duration.ofSeconds(8);

    private static FenrirStack stack;
    private static Http http;

    @BeforeAll
    static void startPlatform() {
        stack = FenrirStack.start(1, Map.of("FENRIR_RETENTION_MAX_AGE", MAX_AGE.toSeconds() + "s",
                "FENRIR_RETENTION_INTERVAL", "1s"));
        http = new Http(stack.api.baseUrl());
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aDeletedJobIsGoneWithItsObjectsAndAnswers410() throws Exception {
        String id = http.submit(Http.JSON.valueToTree(Map.of("language", "python", "source", "print('to delete')")));
        http.awaitFinished(id);
        assertThat(objectsOf(id)).isPositive();

        HttpResponse<String> deleted = http.send("DELETE", "/jobs/" + id, Map.of());

        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        Http.assertError(http.get("/jobs/" + id), 410, "job_deleted");
        Http.assertError(http.get("/jobs/" + id + "/output"), 410, "job_deleted");
        Http.assertError(http.get("/jobs/" + id + "/timeline"), 410, "job_deleted");
        Http.assertError(http.send("POST", "/jobs/" + id + "/cancel", Map.of()), 410, "job_deleted");
        Http.assertError(http.send("DELETE", "/jobs/" + id, Map.of()), 410, "job_deleted");
        assertThat(objectsOf(id)).isZero();
        assertThat(Scrape.of(stack.api.metricsUrl()).sum("fenrir_api_jobs_deleted_total", Map.of("reason", "request")))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aJobThatHasNotFinishedCannotBeDeleted() {
        String id = http.submit(Http.JSON.valueToTree(Map.of("language", "python", "source",
                "import time\ntime.sleep(30)", "limits", Map.of("wallMs", 60000))));

        Http.assertError(http.send("DELETE", "/jobs/" + id, Map.of()), 409, "job_not_finished");

        assertThat(http.send("POST", "/jobs/" + id + "/cancel", Map.of()).statusCode()).isEqualTo(200);
        assertThat(http.send("DELETE", "/jobs/" + id, Map.of()).statusCode()).isEqualTo(204);
        Http.assertError(http.send("DELETE", "/jobs/" + UUID.randomUUID(), Map.of()), 404, "job_not_found");
    }

    @Test
    void retentionDeletesJobsPastTheirAge() throws Exception {
        String id = http.submit(Http.JSON.valueToTree(Map.of("language", "bash", "source", "echo old")));
        http.awaitFinished(id);

        await().atMost(MAX_AGE.plusSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> http.get("/jobs/" + id).statusCode() == 410);

        assertThat(objectsOf(id)).isZero();
        assertThat(Scrape.of(stack.api.metricsUrl()).sum("fenrir_api_jobs_deleted_total", Map.of("reason", "retention")))
                .isGreaterThanOrEqualTo(1);
    }

    private static long objectsOf(String id) {
        MinioClient client = MinioClient.builder().endpoint(stack.s3.endpoint())
                .credentials(stack.s3.accessKey(), stack.s3.secretKey()).build();
        return StreamSupport.stream(client.listObjects(ListObjectsArgs.builder().bucket(stack.s3.bucket())
                .prefix("jobs/" + id + "/").recursive(true).build()).spliterator(), false).count();
    }
}
