package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fenrir.it.stack.FenrirStack;
import io.fenrir.it.stack.SharedStack;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every verdict, provoked by a program that earns it in a real sandbox, with the figures that go
 * with it (CPU time and memory peak from the step's cgroup, truncation flags). INTERNAL_ERROR, the
 * platform's failure, is provoked by {@link DeliveryTest} (a job whose worker dies at every delivery).
 */
@Tag("e2e")
@SharedStack(poolSize = 2)
class VerdictsTest {
    private static Http http;

    @BeforeAll
    static void useSharedStack(FenrirStack stack) {
        http = new Http(stack.api.baseUrl());
    }

    @Test
    void okCarriesTheProgramsCpuTimeAndMemoryPeakFromItsCgroup() {
        // Touches 40 MiB and spins ~300 ms of CPU, so both figures are well above noise.
        JsonNode done = run("c", """
                #include <stdlib.h>
                #include <string.h>
                #include <time.h>
                int main(void){char*p=malloc(40<<20);memset(p,1,40<<20);
                clock_t end=clock()+CLOCKS_PER_SEC*3/10;volatile long x=0;while(clock()<end)x++;return p[4096]-1;}
                """, Map.of());
        assertVerdict(done, "OK");
        assertThat(done.get("cpuMs").asLong()).isBetween(250L, 2_000L);
        assertThat(done.get("memoryPeakKb").asLong()).isBetween(40L * 1024, 200L * 1024);
    }

    @Test
    void aProgramThatExitsNonZeroIsARuntimeErrorWithItsExitCode() {
        JsonNode done = run("python", "import sys; sys.exit(7)", Map.of());
        assertVerdict(done, "RUNTIME_ERROR");
        assertThat(done.get("exitCode").asInt()).isEqualTo(7);
    }

    @Test
    void aSegfaultIsARuntimeErrorWithItsSignal() {
        JsonNode done = run("c", "int main(void){volatile int*p=0;return *p;}", Map.of());
        assertVerdict(done, "RUNTIME_ERROR");
        assertThat(done.get("signal").asInt()).isEqualTo(11);
    }

    @Test
    void cpuTimeOfEveryProcessCountsTowardsTheTimeLimit() {
        // Four processes spinning at once: none alone reaches the limit, together they do.
        JsonNode done = run("python", """
                import os
                for _ in range(3):
                    if os.fork() == 0:
                        break
                while True:
                    pass
                """, Map.of("cpuMs", 1000, "wallMs", 20_000));
        assertVerdict(done, "TIME_LIMIT");
        assertThat(done.get("cpuMs").asLong()).isBetween(1000L, 1500L);
        assertThat(done.get("wallMs").asLong()).isLessThan(20_000L);
    }

    @Test
    void aSleepingProgramMeetsItsWallTimeLimit() {
        JsonNode done = run("bash", "sleep 30", Map.of("wallMs", 1000));
        assertVerdict(done, "WALL_TIME_LIMIT");
        assertThat(done.get("wallMs").asLong()).isBetween(1000L, 3000L);
        assertThat(done.get("signal").asInt()).isEqualTo(9);
    }

    @Test
    void theOomKillerAtTheMemoryLimitIsAMemoryLimit() {
        JsonNode done = run("c", """
                #include <stdlib.h>
                #include <string.h>
                int main(void){for(;;){char*p=malloc(1<<20);if(!p)return 3;memset(p,1,1<<20);}}
                """, Map.of("memoryMb", 64));
        assertVerdict(done, "MEMORY_LIMIT");
        assertThat(done.get("memoryPeakKb").asLong()).isBetween(60L * 1024, 64L * 1024);
    }

    @Test
    void floodingStdoutEndsTheProgramAtTheOutputLimitWithTheOutputKept() {
        JsonNode done = run("python", "import sys\nwhile True: sys.stdout.write('x' * 4096)", Map.of("outputBytes", 10_000));
        assertVerdict(done, "OUTPUT_LIMIT");
        assertThat(done.get("stdoutTruncated").asBoolean()).isTrue();
        assertThat(done.get("stderrTruncated").asBoolean()).isFalse();
        assertThat(http.get("/jobs/" + done.get("id").asText() + "/output").body()).hasSize(10_000);
    }

    @Test
    void writingAFilePastFileBytesIsAnOutputLimit() {
        JsonNode done = run("bash", "head -c 2000000 /dev/zero > big", Map.of("fileBytes", 1_000_000));
        assertVerdict(done, "OUTPUT_LIMIT");
        assertThat(done.get("signal").asInt()).isEqualTo(25);
    }

    @Test
    void aCompileStepThatFailsIsACompileErrorAndNothingRuns() {
        JsonNode done = run("cpp", "int main() { return missing(); }", Map.of());
        assertVerdict(done, "COMPILE_ERROR");
        assertThat(http.get("/jobs/" + done.get("id").asText() + "/compile-output").body()).contains("missing");
    }

    private static JsonNode run(String language, String source, Map<String, Integer> limits) {
        String id = submit(language, source, limits);
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> Http.json(http.get("/jobs/" + id)),
                        j -> Set.of("COMPLETED", "FAILED").contains(j.get("status").asText()));
    }

    private static String submit(String language, String source, Map<String, Integer> limits) {
        ObjectNode body = Http.JSON.createObjectNode().put("language", language).put("source", source);
        ObjectNode limitsNode = body.putObject("limits");
        limits.forEach(limitsNode::put);
        HttpResponse<String> accepted = http.postJson("/jobs", body.toString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return Http.json(accepted).get("id").asText();
    }

    private static void assertVerdict(JsonNode done, String verdict) {
        String id = done.get("id").asText();
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("verdict").asText()).as(done + "\nstdout: " + http.get("/jobs/" + id + "/output").body()
                + "\nstderr: " + http.get("/jobs/" + id + "/stderr").body()
                + "\ncompile: " + http.get("/jobs/" + id + "/compile-output").body()).isEqualTo(verdict);
    }
}
