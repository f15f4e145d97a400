package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fenrir.it.stack.FenrirStack;
import io.fenrir.it.stack.SharedStack;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every language of the rootfs compiles (where it must) and runs in a real sandbox, reading stdin. */
@Tag("e2e")
@SharedStack(poolSize = 2)
class LanguagesTest {
    private static Http http;

    @BeforeAll
    static void useSharedStack(FenrirStack stack) {
        http = new Http(stack.api.baseUrl());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            python     | print("hello " + input())
            bash       | read -r line; echo "hello $line"
            c          | #include <stdio.h>~int main(void){char s[64];if(scanf("%63s",s)!=1)return 1;printf("hello %s\\n",s);return 0;}
            cpp        | #include <iostream>~#include <string>~int main(){std::string s;std::cin>>s;std::cout<<"hello "<<s<<std::endl;}
            java       | import java.util.Scanner;~public class Main{public static void main(String[] a){System.out.println("hello "+new Scanner(System.in).next());}}
            javascript | const s=require('fs').readFileSync(0,'utf8').trim();console.log('hello '+s);
            """)
    void helloWorldReadsStdinInEveryLanguage(String language, String source) {
        // '~' stands for a line break in the table above.
        String id = submit(language, source.replace('~', '\n'), "world\n");
        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("verdict").asText()).as(done.toString() + " stderr: " + http.get("/jobs/" + id + "/stderr").body()
                + " compile: " + http.get("/jobs/" + id + "/compile-output").body()).isEqualTo("OK");
        assertThat(http.get("/jobs/" + id + "/output").body()).isEqualTo("hello world\n");
    }

    @Test
    void aProgramThatDoesNotCompileIsACompileErrorWithTheCompilersMessage() {
        String id = submit("c", "int main(void) { return undeclared; }\n", "");
        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("verdict").asText()).isEqualTo("COMPILE_ERROR");
        HttpResponse<String> compileOutput = http.get("/jobs/" + id + "/compile-output");
        assertThat(compileOutput.statusCode()).isEqualTo(200);
        assertThat(compileOutput.body()).contains("undeclared").contains("error");
        assertThat(http.get("/jobs/" + id + "/output").body()).isEmpty();
    }

    @Test
    void aJavaCompileErrorIsACompileError() {
        String id = submit("java", "public class Main { void f() { int x = \"s\"; } }", "");
        assertThat(awaitFinished(id).get("verdict").asText()).isEqualTo("COMPILE_ERROR");
        assertThat(http.get("/jobs/" + id + "/compile-output").body()).contains("incompatible types");
    }

    @Test
    void aSingleJavaSourceRunsWhateverItsPublicClassIsCalled() {
        String id = submit("java", "// public class NotThis\npublic class HelloWorld {\n"
                + "  public static void main(String[] args) { System.out.println(\"hello from \" + HelloWorld.class.getName()); }\n}\n", "");
        JsonNode done = awaitFinished(id);
        assertThat(done.get("verdict").asText()).as(done + " compile: " + http.get("/jobs/" + id + "/compile-output").body())
                .isEqualTo("OK");
        assertThat(http.get("/jobs/" + id + "/output").body()).isEqualTo("hello from HelloWorld\n");
    }

    @Test
    void anAliasNamesTheSameLanguageAndTheJobRecordsItsName() {
        String id = submit("py", "print('via an alias')", "");
        JsonNode done = awaitFinished(id);
        assertThat(done.get("language").asText()).isEqualTo("python");
        assertThat(done.get("verdict").asText()).isEqualTo("OK");

        JsonNode cpp = Http.json(http.get("/languages/c++"));
        assertThat(cpp.get("name").asText()).isEqualTo("cpp");
        assertThat(cpp.get("aliases")).extracting(JsonNode::asText).contains("c++", "g++");
        assertThat(cpp.get("compileCommand").get(0).asText()).isEqualTo("g++");
        assertThat(cpp.get("version").asText()).as("published by the manager").contains("g++");
        Http.assertError(http.get("/languages/cobol"), 404, "language_not_found");
    }

    private static String submit(String language, String source, String stdin) {
        ObjectNode body = Http.JSON.createObjectNode().put("language", language).put("source", source).put("stdin", stdin);
        HttpResponse<String> accepted = http.postJson("/jobs", body.toString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return Http.json(accepted).get("id").asText();
    }

    private static JsonNode awaitFinished(String id) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> Http.json(http.get("/jobs/" + id)),
                        j -> Set.of("COMPLETED", "FAILED").contains(j.get("status").asText()));
    }
}
