package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fenrir.it.harness.PrometheusServer;
import io.fenrir.it.observability.DashboardQueries;
import io.fenrir.it.observability.Scrape;
import io.fenrir.it.stack.FenrirStack;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's metrics on the real stack: a few jobs that end OK, at the CPU limit, at the memory limit and at
 * the output limit, and a submission refused with 422; then both processes are scraped, and the figures
 * must have moved where those jobs went. The dashboards may query only what the processes export, and a
 * real Prometheus running observability/prometheus/prometheus.yml must find data for every panel.
 */
@Tag("e2e")
class MetricsTest {
    private static FenrirStack stack;
    private static Http http;
    private static final List<String> jobIds = new ArrayList<>();

    @BeforeAll
    static void runJobs() {
        stack = FenrirStack.start(2);
        http = new Http(stack.api.baseUrl());
        run("python", "print('hello')", Map.of(), "OK");
        run("python", "while True:\n    pass", Map.of("cpuMs", 1000), "TIME_LIMIT");
        run("c", """
                #include <stdlib.h>
                #include <string.h>
                int main(void){for(;;){char*p=malloc(1<<20);if(!p)return 3;memset(p,1,1<<20);}}
                """, Map.of("memoryMb", 64), "MEMORY_LIMIT");
        run("python", "import sys\nwhile True: sys.stdout.write('x' * 4096)", Map.of("outputBytes", 10_000),
                "OUTPUT_LIMIT");
        Http.assertError(http.postJson("/jobs", "{\"language\":\"cobol\",\"source\":\"x\"}"), 422,
                "unsupported_language");
        Http.assertError(http.get("/jobs/" + UUID.randomUUID()), 404, "job_not_found");
        // A job counts as finished once its message is acknowledged, just after its row says so.
        await().atMost(Duration.ofSeconds(30)).until(() -> manager().sum("fenrir_job_end_to_end_seconds_count",
                Map.of()) >= jobIds.size());
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theApiMeasuresRequestsRejectionsStorageWritesAndItsQueue() {
        Scrape api = api();
        assertThat(api.sum("http_server_requests_seconds_count",
                Map.of("method", "POST", "uri", "/jobs", "status", "202"))).isEqualTo(jobIds.size());
        assertThat(api.has("http_server_requests_seconds_bucket", Map.of("uri", "/jobs", "le", "0.1"))).isTrue();
        assertThat(api.sum("http_server_requests_seconds_count", Map.of("uri", "/jobs/{id}", "status", "404")))
                .isEqualTo(1);
        assertThat(api.sum("fenrir_api_rejections_total", Map.of("status", "422", "reason", "unsupported_language")))
                .isEqualTo(1);
        // A GET of an unknown job found nothing; it refused nothing (Quarkus's timer above has its 404).
        assertThat(api.has("fenrir_api_rejections_total", Map.of("status", "404"))).isFalse();
        // The API writes each job's QUEUED row and its one source file.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Scrape now = api();
            assertThat(now.sum("fenrir_storage_write_seconds_count", Map.of("store", "postgres", "outcome", "success")))
                    .isEqualTo(jobIds.size());
            assertThat(now.sum("fenrir_storage_write_seconds_count", Map.of("store", "s3", "outcome", "success")))
                    .isEqualTo(jobIds.size());
            assertThat(now.sum("fenrir_api_pending_writes", Map.of())).isZero();
            // Every job ran and was acknowledged: the work stream is empty; nothing was dead-lettered.
            assertThat(now.sum("fenrir_queue_messages", Map.of())).isZero();
            assertThat(now.sum("fenrir_queue_limit_messages", Map.of())).isEqualTo(10_000);
            assertThat(now.sum("fenrir_dead_letter_messages", Map.of())).isZero();
        });
        assertThat(api.names()).contains("fenrir_api_requests_in_flight");
    }

    @Test
    void theManagerMeasuresEveryStageOfEveryJobByLanguageAndVerdict() {
        Scrape manager = manager();
        assertThat(manager.sum("fenrir_queue_wait_seconds_count", Map.of("language", "python"))).isEqualTo(3);
        assertThat(manager.sum("fenrir_queue_wait_seconds_count", Map.of("language", "c"))).isEqualTo(1);
        assertThat(manager.sum("fenrir_job_step_seconds_count", Map.of("step", "run", "language", "python",
                "verdict", "OK"))).isEqualTo(1);
        assertThat(manager.sum("fenrir_job_step_seconds_count", Map.of("step", "run", "language", "python",
                "verdict", "TIME_LIMIT"))).isEqualTo(1);
        assertThat(manager.sum("fenrir_job_step_seconds_count", Map.of("step", "compile", "language", "c",
                "verdict", "MEMORY_LIMIT"))).isEqualTo(1);
        // The CPU-bound job ran for at least its 1 s of CPU time: its run step is not in the 0.5 s bucket.
        assertThat(manager.sum("fenrir_job_step_seconds_bucket", Map.of("step", "run", "verdict", "TIME_LIMIT",
                "le", "0.5"))).isZero();
        assertThat(manager.sum("fenrir_job_timeouts_total", Map.of("step", "run", "language", "python",
                "limit", "cpu"))).isEqualTo(1);
        assertThat(manager.sum("fenrir_job_memory_kills_total", Map.of("step", "run", "language", "c"))).isEqualTo(1);
        assertThat(manager.sum("fenrir_job_output_truncations_total", Map.of("step", "run", "language", "python",
                "stream", "stdout"))).isEqualTo(1);
        assertThat(manager.sum("fenrir_job_end_to_end_seconds_count", Map.of("status", "COMPLETED")))
                .isEqualTo(jobIds.size());
        assertThat(manager.sum("fenrir_job_end_to_end_seconds_count", Map.of("language", "python", "verdict", "OK")))
                .isEqualTo(1);
        // RUNNING and the terminal record per job; each of stdout, stderr and compile output that is not empty
        // (an empty one is not stored); its one source file only where the job's row did not say yet that the
        // API stored it (the manager's RUNNING upsert and then its read came before the API's row).
        assertThat(manager.sum("fenrir_storage_write_seconds_count", Map.of("store", "postgres", "outcome", "success")))
                .isEqualTo(2 * jobIds.size());
        long nonEmptyOutputs = jobIds.stream().mapToLong(id -> java.util.stream.Stream.of("output", "stderr", "compile-output")
                .filter(output -> !http.get("/jobs/" + id + "/" + output).body().isEmpty()).count()).sum();
        assertThat(manager.sum("fenrir_storage_write_seconds_count", Map.of("store", "s3", "outcome", "success")))
                .isBetween((double) nonEmptyOutputs, (double) jobIds.size() + nonEmptyOutputs);
        assertThat(manager.sum("fenrir_queue_redeliveries_total", Map.of())).isZero();
        assertThat(manager.sum("fenrir_dead_letters_total", Map.of())).isZero();
        assertThat(manager.has("fenrir_dead_letters_total", Map.of("cause", "deliveries_exhausted"))).isTrue();
        // Workers serve many jobs: the first two, and no replacement, since every job ended cleanly.
        assertThat(manager.sum("fenrir_worker_creation_seconds_count", Map.of("outcome", "success")))
                .isEqualTo(stack.poolSize());
        assertThat(manager.sum("fenrir_worker_retirements_total", Map.of())).isZero();
        assertThat(manager.has("fenrir_worker_retirements_total", Map.of("reason", "not_reusable"))).isTrue();
        assertThat(manager.sum("fenrir_worker_pool_size", Map.of())).isEqualTo(stack.poolSize());
        assertThat(manager.has("fenrir_workers", Map.of("state", "idle"))).isTrue();
        assertThat(manager.has("fenrir_workers", Map.of("state", "busy"))).isTrue();
    }

    @Test
    void noSeriesOfEitherProcessIsLabelledWithAJobId() {
        for (Scrape scrape : List.of(api(), manager())) {
            assertThat(scrape.samples()).as(scrape.toString()).allSatisfy(sample -> assertThat(sample.labels().values())
                    .noneMatch(value -> value.matches(".*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-.*")));
        }
    }

    @Test
    void everyMetricADashboardQueriesIsOneTheProcessesExport() {
        Set<String> exported = new TreeSet<>(api().names());
        exported.addAll(manager().names());
        exported.add("up"); // Prometheus's own, per target
        List<DashboardQueries.Query> queries = DashboardQueries.all();
        assertThat(queries).isNotEmpty();
        for (DashboardQueries.Query query : queries) {
            assertThat(DashboardQueries.metricNames(query.expr())).as(query.toString()).isNotEmpty()
                    .isSubsetOf(exported);
        }
    }

    @Test
    void prometheusScrapesBothProcessesAndFindsDataForEveryPanel() {
        try (PrometheusServer prometheus = new PrometheusServer(stack.api.port(), stack.manager.port()).start()) {
            Http server = new Http(prometheus.baseUrl());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode up = query(server, "up");
                assertThat(up).hasSize(3).allSatisfy(target -> assertThat(target.at("/value/1").asText())
                        .as(target.toString()).isEqualTo("1"));
            });
            for (DashboardQueries.Query query : DashboardQueries.all()) {
                String expr = query.expr().replace("$__rate_interval", "20s");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(query(server, expr))
                        .as("%s: %s", query.panel(), expr).isNotEmpty());
            }
        }
    }

    /** The result vector of an instant query. */
    private static JsonNode query(Http prometheus, String expr) {
        JsonNode answer = Http.json(prometheus.get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)));
        assertThat(answer.get("status").asText()).as(answer.toString()).isEqualTo("success");
        return answer.at("/data/result");
    }

    private static void run(String language, String source, Map<String, Integer> limits, String verdict) {
        ObjectNode body = Http.JSON.createObjectNode().put("language", language).put("source", source);
        ObjectNode limitsNode = body.putObject("limits");
        limits.forEach(limitsNode::put);
        String id = http.submit(body);
        jobIds.add(id);
        assertThat(http.awaitFinished(id).get("verdict").asText()).isEqualTo(verdict);
    }

    private static Scrape api() {
        return Scrape.of(stack.api.metricsUrl());
    }

    private static Scrape manager() {
        return Scrape.of(stack.manager.metricsUrl());
    }
}
