package io.fenrir.api.languages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.api.error.ApiException;
import io.fenrir.api.limits.LimitPolicy;
import io.fenrir.core.job.Limits;
import io.fenrir.core.lang.LanguageRuntime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LanguageCatalogTest {
    private static final Limits DEFAULTS = new Limits(5000, 10000, 256, 64, 1048576, 16777216);
    private static final Limits MAXIMA = new Limits(30000, 60000, 1024, 256, 8388608, 67108864);
    private static final Limits COMPILE = new Limits(20000, 30000, 512, 128, 1048576, 67108864);
    private final LanguageCatalog catalog = new LanguageCatalog(new LimitPolicy(DEFAULTS, MAXIMA), null);

    @Test
    void everyLanguageIsListedWithItsFilesAndThisServersLimits() {
        JsonNode languages = json(catalog.describe(Map.of())).get("languages");
        assertThat(languages).extracting(language -> language.get("name").asText())
                .containsExactly("python", "bash", "c", "cpp", "java", "javascript");
        JsonNode java = languages.get(4);
        assertThat(java.get("entryFile").asText()).isEqualTo("Main.java");
        assertThat(java.get("extension").asText()).isEqualTo(".java");
        assertThat(java.get("compiled").asBoolean()).isTrue();
        assertThat(java.get("defaultLimits").get("cpuMs").asLong()).isEqualTo(5000);
        assertThat(java.get("maxLimits").get("fileBytes").asLong()).isEqualTo(67108864);
    }

    @Test
    void versionAndCompileLimitsAreOmittedUntilAManagerPublishedThem() {
        JsonNode python = json(catalog.describe(Map.of())).get("languages").get(0);
        assertThat(python.has("version")).isFalse();
        assertThat(python.has("compileLimits")).isFalse();
    }

    @Test
    void aPublishedRuntimeGivesTheVersionAndTheCompileLimits() {
        JsonNode languages = json(catalog.describe(Map.of(
                "c", new LanguageRuntime("gcc (Debian 12.2.0-14) 12.2.0", COMPILE),
                "python", new LanguageRuntime("Python 3.11.2", null)))).get("languages");
        assertThat(languages.get(2).get("version").asText()).isEqualTo("gcc (Debian 12.2.0-14) 12.2.0");
        assertThat(languages.get(2).get("compileLimits").get("memoryMb").asLong()).isEqualTo(512);
        assertThat(languages.get(0).get("version").asText()).isEqualTo("Python 3.11.2");
        assertThat(languages.get(0).has("compileLimits")).isFalse();
        assertThat(languages.get(1).has("version")).isFalse();
    }

    @Test
    void oneLanguageIsFoundByItsNameOrAnAliasWithTheCommandsThatRunIt() {
        JsonNode cpp = json(catalog.find("g++", Map.of("cpp", new LanguageRuntime("g++ (Debian 12.2.0-14) 12.2.0", COMPILE))));
        assertThat(cpp.get("name").asText()).isEqualTo("cpp");
        assertThat(cpp.get("aliases")).extracting(JsonNode::asText).containsExactly("c++", "g++");
        assertThat(cpp.get("version").asText()).startsWith("g++");
        assertThat(cpp.get("compileCommand")).extracting(JsonNode::asText)
                .containsExactly("g++", "-O2", "-std=gnu++17", "{compileArgs}", "-o", "main", "{entry}");
        assertThat(cpp.get("runCommand")).extracting(JsonNode::asText).containsExactly("./main", "{args}");
        JsonNode python = json(catalog.find("py", Map.of()));
        assertThat(python.get("name").asText()).isEqualTo("python");
        assertThat(python.has("compileCommand")).isFalse();
        assertThat(python.get("runCommand")).extracting(JsonNode::asText)
                .containsExactly("python3", "-E", "-s", "-B", "{entry}", "{args}");
    }

    @Test
    void anUnknownLanguageIsA404() {
        assertThatThrownBy(() -> catalog.find("cobol", Map.of())).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("language_not_found");
        });
    }

    private static JsonNode json(Object catalog) {
        ObjectMapper json = new ObjectMapper();
        return json.valueToTree(catalog);
    }
}
