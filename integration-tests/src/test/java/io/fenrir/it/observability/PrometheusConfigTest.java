package io.fenrir.it.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fenrir.it.harness.PrometheusServer;
import io.fenrir.it.harness.TempDirs;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * observability/ checked by the real promtool (Debian package prometheus): the scrape configuration, and
 * every dashboard expression as PromQL (each one becomes a recording rule, which promtool parses).
 */
class PrometheusConfigTest {
    /** What Grafana puts in place of $__rate_interval: at least four scrape intervals. */
    private static final String RATE_INTERVAL = "20s";

    private static Path promtool;
    private static Path work;

    @BeforeAll
    static void findPromtool() {
        promtool = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        work = TempDirs.create("fenrir-promtool-");
    }

    @AfterAll
    static void removeWork() {
        TempDirs.delete(work);
    }

    @BeforeEach
    void requirePromtool() {
        assumeTrue(promtool != null, "promtool is not installed, so observability/ is NOT checked: install the"
                + " Debian package prometheus (deploy/install-deps.sh does)");
    }

    @Test
    void theScrapeConfigurationIsValid() throws Exception {
        Result check = promtool("check", "config", PrometheusServer.CONFIG.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void everyDashboardExpressionIsValidPromQl() throws Exception {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        List<DashboardQueries.Query> queries = DashboardQueries.all();
        for (int i = 0; i < queries.size(); i++) {
            String expr = queries.get(i).expr().replace("$__rate_interval", RATE_INTERVAL);
            // A YAML single-quoted scalar: PromQL's double quotes pass as they are, a quote is doubled.
            rules.append("      - record: dashboard:query").append(i).append('\n')
                    .append("        expr: '").append(expr.replace("'", "''")).append("'\n");
        }
        Path file = work.resolve("dashboard-rules.yml");
        Files.writeString(file, rules);

        Result check = promtool("check", "rules", file.toString());
        assertThat(check.exitCode()).as(check.output() + "\n" + rules).isZero();
        assertThat(check.output()).contains("SUCCESS: " + queries.size() + " rules found");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result promtool(String... args) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Stream.concat(Stream.of(promtool.toString()), Stream.of(args)).toList())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("promtool did not finish within 60 s: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}
