package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.stack.FenrirStack;
import io.fenrir.it.stack.SharedStack;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A job's tests, as a judge sends them (issue 13): compiled once, run once per test in a sandbox of its
 * own, each run's output judged on the host; per-test verdicts, passed and total in one Prefer: wait call.
 */
@Tag("e2e")
@SharedStack(poolSize = 2)
class TestCasesTest {
    /** Sums two numbers; spins on a negative one, so that a test can pass its CPU limit. */
    private static final String SUM = "a, b = map(int, input().split())\nwhile a < 0:\n    pass\nprint(a + b)\n";

    private static Http http;

    @BeforeAll
    static void useSharedStack(FenrirStack stack) {
        http = new Http(stack.api.baseUrl());
    }

    @Test
    void aJudgeGetsTenVerdictsInOneWaitingCall() {
        List<Map<String, Object>> tests = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tests.add(test(i + " " + i + "\n", (2 * i) + "\n"));
        }
        tests.set(3, test("3 3\n", "7\n"));
        tests.set(7, Map.of("stdin", "-1 0\n", "expectedOutput", "-1\n", "limits", Map.of("cpuMs", 300)));

        JsonNode job = waitFor(Map.of("language", "python", "source", SUM, "tests", tests));

        assertThat(job.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(job.get("verdict").asText()).as(job.toString()).isEqualTo("WRONG_ANSWER");
        assertThat(job.get("total").asInt()).isEqualTo(10);
        assertThat(job.get("passed").asInt()).isEqualTo(8);
        List<String> verdicts = new ArrayList<>();
        job.get("tests").forEach(test -> verdicts.add(test.get("verdict").asText()));
        assertThat(verdicts).containsExactly("OK", "OK", "OK", "WRONG_ANSWER", "OK", "OK", "OK", "TIME_LIMIT", "OK", "OK");
        assertThat(job.get("tests").get(2).get("cpuMs").asLong()).isPositive();
        String id = job.get("id").asText();
        assertThat(http.get("/jobs/" + id + "/tests/3/output").body()).isEqualTo("6\n");
        assertThat(http.get("/jobs/" + id + "/tests/9/output").body()).isEqualTo("18\n");
        Http.assertError(http.get("/jobs/" + id + "/tests/10/output"), 404, "test_not_found");
    }

    @Test
    void aCompiledProgramIsCompiledOnceAndJudgedByTokensOrWithinATolerance() {
        String source = "#include <stdio.h>\nint main(void){double a,b;if(scanf(\"%lf %lf\",&a,&b)!=2)return 1;"
                + "printf(\"%.9f\\n\", a / b);return 0;}\n";
        JsonNode job = waitFor(Map.of("language", "c", "source", source, "compare", "float", "tolerance", 0.001,
                "tests", List.of(test("1 3\n", "0.333"), test("2 3\n", "0.6667"), test("1 4\n", "0.3"))));

        assertThat(job.get("verdict").asText()).as(job.toString()).isEqualTo("WRONG_ANSWER");
        assertThat(job.get("tests")).extracting(test -> test.get("verdict").asText())
                .containsExactly("OK", "OK", "WRONG_ANSWER");
        assertThat(http.get("/jobs/" + job.get("id").asText() + "/compile-output").statusCode()).isEqualTo(200);
    }

    @Test
    void stoppingOnTheFirstFailureSkipsTheRest() {
        JsonNode job = waitFor(Map.of("language", "python", "source", SUM, "stopOnFirstFailure", true,
                "tests", List.of(test("1 1\n", "2\n"), test("x y\n", "?"), test("2 2\n", "4\n"))));

        assertThat(job.get("verdict").asText()).isEqualTo("RUNTIME_ERROR");
        assertThat(job.get("tests")).extracting(test -> test.get("verdict").asText())
                .containsExactly("OK", "RUNTIME_ERROR", "SKIPPED");
        assertThat(job.get("passed").asInt()).isEqualTo(1);
    }

    @Test
    void aCompileErrorJudgesNoTest() {
        JsonNode job = waitFor(Map.of("language", "c", "source", "int main(void) { return nope; }",
                "tests", List.of(test("", ""), test("", ""))));

        assertThat(job.get("verdict").asText()).isEqualTo("COMPILE_ERROR");
        assertThat(job.get("tests")).extracting(test -> test.get("verdict").asText()).containsExactly("SKIPPED", "SKIPPED");
        assertThat(job.get("passed").asInt()).isZero();
    }

    @Test
    void noTestsRunCanLeaveAFileForTheNext() {
        String source = "import os\nprint(os.path.exists('mark'), os.path.exists('/tmp/mark'))\n"
                + "open('/tmp/mark', 'w').close()\ntry:\n    open('mark', 'w').close()\n    print('wrote')\n"
                + "except OSError:\n    print('read-only')\n";
        JsonNode job = waitFor(Map.of("language", "python", "source", source, "compare", "exact",
                "tests", List.of(test("", "False False\nread-only\n"), test("", "False False\nread-only\n"))));

        assertThat(job.get("verdict").asText()).as(job.toString()).isEqualTo("OK");
        assertThat(job.get("passed").asInt()).isEqualTo(2);
    }

    @Test
    void badTestsAreRefusedBeforeAnythingIsQueued() {
        Http.assertError(http.postJson("/jobs", Http.JSON.valueToTree(Map.of("language", "python", "source", SUM,
                "tests", List.of())).toString()), 422, "invalid_tests");
        Http.assertError(http.postJson("/jobs", Http.JSON.valueToTree(Map.of("language", "python", "source", SUM,
                "compare", "fuzzy", "tests", List.of(test("1 1\n", "2\n")))).toString()), 422, "unsupported_compare");
        Http.assertError(http.postJson("/jobs", Http.JSON.valueToTree(Map.of("language", "python", "source", SUM,
                "tests", "1 1")).toString()), 400, "invalid_type");
    }

    private static Map<String, Object> test(String stdin, String expectedOutput) {
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("stdin", stdin);
        test.put("expectedOutput", expectedOutput);
        return test;
    }

    /** Submits with Prefer: wait and requires the finished job in that one answer. */
    private static JsonNode waitFor(Map<String, Object> body) {
        HttpResponse<String> answer = http.postJson("/jobs", Http.JSON.valueToTree(body).toString(),
                Map.of("Prefer", "wait=25"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Http.json(answer);
    }
}
