package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.harness.Repo;
import io.fenrir.it.stack.FenrirStack;
import io.fenrir.it.stack.SharedStack;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the API generates from its code and the endpoint table of docs/api.md name the
 * same endpoints, so that neither can drift from the other.
 */
@Tag("e2e")
@SharedStack(poolSize = 2)
class ApiDescriptionTest {
    /** A row of docs/api.md's endpoint table: | `GET` | `/jobs/{id}` | ... |. */
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `([A-Z]+)` \\| `(/[^`]*)` \\|", Pattern.MULTILINE);

    private static Http http;

    @BeforeAll
    static void useSharedStack(FenrirStack stack) {
        http = new Http(stack.api.baseUrl());
    }

    @Test
    void theOpenApiDocumentAndDocsApiMdNameTheSameEndpoints() throws IOException {
        HttpResponse<String> document = http.get("/q/openapi?format=json");
        assertThat(document.statusCode()).isEqualTo(200);
        JsonNode openApi = Http.json(document);
        assertThat(openApi.get("openapi").asText()).startsWith("3.");
        assertThat(openApi.get("info").get("title").asText()).isEqualTo("Fenrir API");

        Set<String> generated = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openApi.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> generated.add(method.toUpperCase(Locale.ROOT)
                    + " " + path.getKey()));
        }
        Set<String> documented = new TreeSet<>();
        Matcher row = TABLE_ROW.matcher(Files.readString(Repo.path("docs/api.md")));
        while (row.find()) {
            documented.add(row.group(1) + " " + row.group(2));
        }

        assertThat(documented).as("docs/api.md's endpoint table").isNotEmpty();
        assertThat(generated).as("endpoints of /q/openapi against docs/api.md's table").isEqualTo(documented);
    }

    @Test
    void theParametersClientsUseAreDescribed() {
        JsonNode paths = Http.json(http.get("/q/openapi?format=json")).get("paths");
        assertThat(paths.get("/jobs/{id}").get("get").get("parameters")).extracting(p -> p.get("name").asText())
                .contains("id", "waitMs");
        assertThat(paths.get("/jobs").get("post").get("parameters")).extracting(p -> p.get("name").asText())
                .contains("Idempotency-Key", "Prefer");
    }

    @Test
    void thereIsNoSwaggerUi() {
        assertThat(http.get("/q/swagger-ui/").statusCode()).isEqualTo(404);
    }
}
