package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.stack.FenrirStack;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * JetStream is the durable log (issue 4): with PostgreSQL down the API still starts, is ready,
 * accepts jobs and answers for them; when PostgreSQL returns, the schema and the rows catch up and
 * the jobs run.
 *
 * <p>The sandbox manager is stopped while PostgreSQL is down: it must write RUNNING before it runs
 * a job, and today it naks each delivery while it cannot, using up the job's deliveries (the
 * manager's side of a store outage is another change). This test is about the API's side.
 */
@Tag("e2e")
class PostgresDownTest {
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
    void jobsAcceptedWhilePostgresIsDownAreAnsweredFromMemoryThenCatchUpAndRun() throws Exception {
        stack.manager.stop();
        stack.postgres.stop();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(http.submit(job("print('down " + i + "')")));
        }
        for (String id : ids) {
            HttpResponse<String> queued = http.get("/jobs/" + id);
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(200);
            assertThat(Http.json(queued).get("status").asText()).isEqualTo("QUEUED");
        }
        HttpResponse<String> unknown = http.get("/jobs/" + UUID.randomUUID());
        Http.assertError(unknown, 503, "store_unavailable");
        assertThat(unknown.headers().firstValue("Retry-After")).contains("5");
        assertThat(http.get("/q/health/ready").statusCode()).isEqualTo(200);
        JsonNode store = storeHealth(503);
        assertThat(store.get("pendingJobs").asInt()).isEqualTo(3);

        // The API says why rows wait, in JSON lines that name their job as a field. A row's first try
        // waits for its sources' puts and then for a database connection, so the line is awaited while
        // the database is still down.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ids.stream()
                .flatMap(id -> JsonLog.linesAbout(stack.api.logFile(), id).stream()).toList())
                .anySatisfy(line -> assertThat(JsonLog.message(line)).contains("failed to insert row")));

        stack.postgres.start();
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(60)).until(() -> "QUEUED".equals(JobRows.status(stack, id)));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(storeHealth(200).get("pendingJobs").asInt())
                .isZero());

        stack.manager.start();
        for (int i = 0; i < ids.size(); i++) {
            assertThat(http.awaitFinished(ids.get(i)).get("verdict").asText()).isEqualTo("OK");
            assertThat(http.get("/jobs/" + ids.get(i) + "/output").body()).isEqualTo("down " + i + "\n");
        }
    }

    @Test
    void theApiStartsWhilePostgresIsDownAndMigratesTheSchemaWhenItReturns() throws Exception {
        stack.manager.stop();
        stack.api.stop();
        // A database as on a first start: no schema at all.
        try (Connection c = stack.postgres.connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
        stack.postgres.stop();

        stack.api.start(); // returns once /q/health/ready answers 200
        JsonNode store = storeHealth(503);
        assertThat(store.get("migrated").asBoolean()).isFalse();
        assertThat(store.get("reachable").asBoolean()).isFalse();
        String id = http.submit(job("print('before the schema')"));
        assertThat(Http.json(http.get("/jobs/" + id)).get("status").asText()).isEqualTo("QUEUED");

        stack.postgres.start();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(storeHealth(200).get("migrated").asBoolean())
                .isTrue());
        await().atMost(Duration.ofSeconds(60)).until(() -> "QUEUED".equals(JobRows.status(stack, id)));

        stack.manager.start();
        assertThat(http.awaitFinished(id).get("verdict").asText()).isEqualTo("OK");
        assertThat(http.get("/jobs/" + id + "/output").body()).isEqualTo("before the schema\n");
    }

    @Test
    void aJobWhoseApiDiedBeforeWritingItsRowIsFoundInTheQueueNeverA404() throws Exception {
        stack.manager.stop();
        stack.postgres.stop();
        String id = http.submit(job("print('orphan')"));
        stack.api.kill(); // the pending row dies with it
        stack.api.start();

        // PostgreSQL down, this instance never saw the job: the queue answers.
        HttpResponse<String> down = http.get("/jobs/" + id);
        assertThat(down.statusCode()).as(down.body()).isEqualTo(200);
        assertThat(Http.json(down).get("status").asText()).isEqualTo("QUEUED");
        assertThat(Http.json(down).get("language").asText()).isEqualTo("python");

        // PostgreSQL back, still no row (nobody holds it to write): the queue answers again.
        stack.postgres.start();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(storeHealth(200).get("migrated")
                .asBoolean()).isTrue());
        assertThat(JobRows.status(stack, id)).isNull();
        HttpResponse<String> up = http.get("/jobs/" + id);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        assertThat(Http.json(up).get("status").asText()).isEqualTo("QUEUED");
        Http.assertError(http.get("/jobs/" + UUID.randomUUID()), 404, "job_not_found");

        // The manager writes the whole row when it runs the job.
        stack.manager.start();
        assertThat(http.awaitFinished(id).get("verdict").asText()).isEqualTo("OK");
        assertThat(http.get("/jobs/" + id + "/output").body()).isEqualTo("orphan\n");
    }

    /** The job-store check's data, once /q/health/group/store answers with STATUS. */
    private static JsonNode storeHealth(int status) {
        HttpResponse<String> health = http.get("/q/health/group/store");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(status);
        return Http.json(health).get("checks").get(0).get("data");
    }

    private static JsonNode job(String source) {
        return Http.JSON.valueToTree(Map.of("language", "python", "source", source));
    }
}
