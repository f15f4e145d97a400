package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fenrir.it.stack.FenrirStack;
import io.fenrir.it.stack.SharedStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a submission may carry beyond one source file, through the real sandbox: several files
 * (text or base64), program and compiler arguments, run limits; and the catalog that describes them.
 */
@Tag("e2e")
@SharedStack(poolSize = 2)
class SubmissionTest {
    /** Arguments a shell would split, expand or substitute; they must arrive one by one, as sent. */
    private static final List<String> ARGS = List.of("one", "two words", "$(id)", "*", "a;b");

    private static Http http;

    @BeforeAll
    static void useSharedStack(FenrirStack stack) {
        http = new Http(stack.api.baseUrl());
    }

    @Test
    void aPythonEntryFileImportsASecondModule() {
        assertFilesRunAndPrint("python", "hello world\n", file("solve.py", "import helper\nprint(helper.greet('world'))\n"),
                file("helper.py", "def greet(who):\n    return 'hello ' + who\n"));
    }

    @Test
    void aJavaMainClassUsesAClassOfAnotherFile() {
        assertFilesRunAndPrint("java", "hello java\n",
                file("Main.java", "public class Main { public static void main(String[] a) { System.out.println(Greeter.greet(\"java\")); } }"),
                file("Greeter.java", "public class Greeter { static String greet(String who) { return \"hello \" + who; } }"));
    }

    @Test
    void aCProgramIncludesItsOwnHeader() {
        assertFilesRunAndPrint("c", "hello from a header\n",
                file("main.c", "#include <stdio.h>\n#include \"greet.h\"\nint main(void) { puts(GREETING_TEXT); return 0; }\n"),
                file("greet.h", "#define GREETING_TEXT \"hello from a header\"\n"));
    }

    @Test
    void base64FilesArriveAsTheirExactBytes() {
        assertFilesRunAndPrint("python", "[0, 1, 2, 255]\n",
                base64("main.py", "print(list(open('data.bin', 'rb').read()))\n".getBytes(StandardCharsets.UTF_8)),
                base64("data.bin", new byte[] {0, 1, 2, (byte) 255}));
    }

    @Test
    void binaryStdinAndOutputTravelAsBase64() {
        byte[] input = {0, (byte) 0xff, (byte) 0xfe, 10, (byte) 0x80, 65};
        ObjectNode body = job("python").put("source", "import sys\nsys.stdout.buffer.write(sys.stdin.buffer.read()[::-1])\n")
                .put("stdin", Base64.getEncoder().encodeToString(input)).put("stdinEncoding", "base64");
        String id = http.submit(body);
        assertThat(http.awaitFinished(id).get("verdict").asText()).isEqualTo("OK");

        HttpResponse<String> output = http.get("/jobs/" + id + "/output?encoding=base64");

        assertThat(output.statusCode()).isEqualTo(200);
        assertThat(output.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain").contains("us-ascii"));
        assertThat(Base64.getDecoder().decode(output.body())).containsExactly(65, (byte) 0x80, 10, (byte) 0xfe,
                (byte) 0xff, 0);
        assertThat(http.get("/jobs/" + id + "/output").headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).contains("utf-8"));
        Http.assertError(http.get("/jobs/" + id + "/output?encoding=hex"), 400, "invalid_parameter");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            python     | import sys~for a in sys.argv[1:]: print(a)
            bash       | for a in "$@"; do printf '%s\\n' "$a"; done
            c          | #include <stdio.h>~int main(int c, char **v) { for (int i = 1; i < c; i++) puts(v[i]); return 0; }
            cpp        | #include <iostream>~int main(int c, char **v) { for (int i = 1; i < c; i++) std::cout << v[i] << '\\n'; }
            java       | public class Main { public static void main(String[] a) { for (String s : a) System.out.println(s); } }
            javascript | for (const a of process.argv.slice(2)) console.log(a);
            """)
    void argumentsReachTheProgramOneByOneAndLiterallyInEveryLanguage(String language, String source) {
        // '~' stands for a line break in the table above.
        ObjectNode body = job(language).put("source", source.replace('~', '\n'));
        strings(body.putArray("args"), ARGS);
        assertRunsAndPrints(body, String.join("\n", ARGS) + "\n");
    }

    @Test
    void compileArgsReachTheCompiler() {
        ObjectNode body = job("c").put("source", "#include <stdio.h>\nint main(void) { puts(GREETING); return 0; }\n");
        strings(body.putArray("compileArgs"), List.of("-DGREETING=\"hi from the compiler\""));
        assertRunsAndPrints(body, "hi from the compiler\n");
    }

    @Test
    void theLimitsAJobAskedForAreTheOnesItRanWithAndTheRestAreDefaults() {
        JsonNode languages = Http.json(http.get("/languages")).get("languages");
        JsonNode defaults = languages.get(0).get("defaultLimits");
        ObjectNode body = job("python").put("source", "print('limited')");
        body.putObject("limits").put("cpuMs", 2000).put("memoryMb", 128);

        JsonNode done = http.awaitFinished(http.submit(body));
        assertThat(done.get("verdict").asText()).as(done.toString()).isEqualTo("OK");
        JsonNode limits = done.get("limits");
        assertThat(limits.get("cpuMs").asLong()).isEqualTo(2000);
        assertThat(limits.get("memoryMb").asLong()).isEqualTo(128);
        for (String name : List.of("wallMs", "pids", "outputBytes", "fileBytes")) {
            assertThat(limits.get(name)).as(name).isEqualTo(defaults.get(name));
        }
        assertThat(done.get("memoryPeakKb").asLong()).isPositive();
    }

    @Test
    void aLimitAboveItsMaximumIsRefusedNamingTheLimit() {
        long maxCpuMs = Http.json(http.get("/languages")).get("languages").get(0).get("maxLimits").get("cpuMs").asLong();
        ObjectNode body = job("python").put("source", "print(1)");
        body.putObject("limits").put("cpuMs", maxCpuMs + 1);
        HttpResponse<String> refused = http.postJson("/jobs", body.toString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        JsonNode error = Http.json(refused).get("error");
        assertThat(error.get("code").asText()).isEqualTo("limit_exceeded");
        assertThat(error.get("message").asText()).contains("cpuMs", Long.toString(maxCpuMs + 1), Long.toString(maxCpuMs));
    }

    @Test
    void theLanguagesAreListedWithTheVersionsTheManagerPublished() {
        // The manager publishes its runtime's versions when it starts; the stack has started it.
        JsonNode languages = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> Http.json(http.get("/languages")).get("languages"),
                        list -> list.findValues("version").size() == list.size());
        assertThat(languages).extracting(language -> language.get("name").asText())
                .containsExactlyInAnyOrder("python", "bash", "c", "cpp", "java", "javascript");
        for (JsonNode language : languages) {
            String name = language.get("name").asText();
            assertThat(language.get("version").asText()).as(name).isNotBlank();
            assertThat(language.get("entryFile").asText()).as(name).endsWith(language.get("extension").asText());
            assertThat(language.get("defaultLimits").get("cpuMs").asLong()).as(name)
                    .isLessThanOrEqualTo(language.get("maxLimits").get("cpuMs").asLong());
            assertThat(language.has("compileLimits")).as(name).isEqualTo(language.get("compiled").asBoolean());
        }
    }

    private static ObjectNode job(String language) {
        return Http.JSON.createObjectNode().put("language", language);
    }

    private static void assertFilesRunAndPrint(String language, String expectedOutput, ObjectNode... files) {
        ObjectNode body = job(language);
        ArrayNode array = body.putArray("files");
        for (ObjectNode file : files) {
            array.add(file);
        }
        assertRunsAndPrints(body, expectedOutput);
    }

    private static ObjectNode file(String name, String content) {
        return Http.JSON.createObjectNode().put("name", name).put("content", content);
    }

    private static ObjectNode base64(String name, byte[] content) {
        return file(name, Base64.getEncoder().encodeToString(content)).put("encoding", "base64");
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void assertRunsAndPrints(ObjectNode body, String expectedOutput) {
        String id = http.submit(body);
        JsonNode done = http.awaitFinished(id);
        assertThat(done.get("verdict").asText()).as(done + " stderr: " + http.get("/jobs/" + id + "/stderr").body()
                + " compile: " + http.get("/jobs/" + id + "/compile-output").body()).isEqualTo("OK");
        assertThat(http.get("/jobs/" + id + "/output").body()).isEqualTo(expectedOutput);
    }
}
