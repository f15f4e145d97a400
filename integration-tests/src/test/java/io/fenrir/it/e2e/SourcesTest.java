package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fenrir.it.stack.FenrirStack;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A job's sources are never lost, though only one side stores them: the API stores them and records so
 * in the job's row, and the manager stores them only when the row does not say so. Here the API
 * could not store them (S3 down) and died before its retries did: the manager stores them before it
 * acknowledges the job.
 */
@Tag("e2e")
class SourcesTest {
    private static FenrirStack stack;

    @BeforeAll
    static void startPlatform() {
        stack = FenrirStack.start(1);
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void sourcesTheApiCouldNotStoreBeforeItDiedAreStoredByTheManager() throws Exception {
        // The manager is stopped so that the API's row is written first, as it is in most runs.
        stack.manager.stop();
        stack.s3.stop();
        String id = new Http(stack.api.baseUrl()).submit(Http.JSON.createObjectNode().put("language", "python")
                .put("source", "print('kept')"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> "QUEUED".equals(JobRows.status(stack, id)));
        assertThat(JobRows.sourcesStored(stack, id)).as("the API's put failed before its row").isFalse();

        stack.api.kill();
        stack.s3.start();
        stack.manager.start();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> "COMPLETED".equals(JobRows.status(stack, id)));
        assertThat(object("jobs/" + id + "/files/main.py")).isEqualTo("print('kept')");
        assertThat(object("jobs/" + id + "/stdout")).isEqualTo("kept\n");
    }

    private static String object(String key) throws Exception {
        MinioClient client = MinioClient.builder().endpoint(stack.s3.endpoint())
                .credentials(stack.s3.accessKey(), stack.s3.secretKey()).build();
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(stack.s3.bucket()).object(key).build())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
