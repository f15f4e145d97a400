package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.stack.FenrirStack;
import io.fenrir.it.stack.SharedStack;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** POST /jobs/batch and GET /jobs (issue 13): many jobs in one call, each accepted or refused on its own. */
@Tag("e2e")
@SharedStack(poolSize = 2)
class BatchAndListingTest {
    private static Http http;

    @BeforeAll
    static void useSharedStack(FenrirStack stack) {
        http = new Http(stack.api.baseUrl());
    }

    @Test
    void eachJobOfABatchIsAcceptedOrRefusedOnItsOwn() {
        String body = "{\"jobs\":[{\"language\":\"python\",\"source\":\"print('first')\"},"
                + "{\"language\":\"cobol\",\"source\":\"DISPLAY 'HI'.\"},"
                + "{\"language\":\"bash\",\"source\":\"echo third\",\"args\":\"not a list\"},"
                + "{\"language\":\"bash\",\"source\":\"echo fourth\"}]}";

        HttpResponse<String> answer = http.postJson("/jobs/batch", body);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode items = Http.json(answer).get("jobs");
        assertThat(items).extracting(item -> item.get("status").asInt()).containsExactly(202, 422, 400, 202);
        assertThat(items.get(1).get("error").get("code").asText()).isEqualTo("unsupported_language");
        assertThat(items.get(2).get("error").get("code").asText()).isEqualTo("invalid_type");
        assertThat(items.get(2).get("error").get("message").asText()).contains("jobs[2]").contains("args");
        String first = items.get(0).get("job").get("id").asText();
        String fourth = items.get(3).get("job").get("id").asText();
        assertThat(http.awaitFinished(first).get("verdict").asText()).isEqualTo("OK");
        http.awaitFinished(fourth);
        assertThat(http.get("/jobs/" + fourth + "/output").body()).isEqualTo("fourth\n");

        // Several jobs by id, in the order asked; an id that names no job is left out.
        JsonNode byIds = Http.json(http.get("/jobs?ids=" + fourth + "," + UUID.randomUUID() + ",nonsense," + first));
        assertThat(byIds.get("jobs")).extracting(job -> job.get("id").asText()).containsExactly(fourth, first);
    }

    @Test
    void badBatchesAreRefusedWhole() {
        Http.assertError(http.postJson("/jobs/batch", "{\"jobs\":[]}"), 422, "invalid_batch");
        Http.assertError(http.postJson("/jobs/batch", "{\"job\":[]}"), 400, "missing_field");
        JsonNode notAnObject = Http.json(http.postJson("/jobs/batch", "{\"jobs\":[1]}")).get("jobs").get(0);
        assertThat(notAnObject.get("status").asInt()).isEqualTo(400);
        assertThat(notAnObject.get("error").get("code").asText()).isEqualTo("invalid_type");
    }

    @Test
    void pagesListJobsNewestFirstByStatusAndLanguageWithACursor() {
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            submitted.add(http.submit(Http.JSON.valueToTree(Map.of("language", "javascript", "source",
                    "console.log(" + i + ")"))));
        }
        submitted.forEach(http::awaitFinished);

        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = Http.json(http.get("/jobs?language=js&status=COMPLETED&limit=2"
                    + (cursor == null ? "" : "&after=" + cursor)));
            assertThat(page.get("jobs").size()).isLessThanOrEqualTo(2);
            page.get("jobs").forEach(job -> {
                assertThat(job.get("language").asText()).isEqualTo("javascript");
                assertThat(job.get("status").asText()).isEqualTo("COMPLETED");
                assertThat(seen.add(job.get("id").asText())).as("a job on two pages").isTrue();
                order.add(job.get("id").asText());
            });
            cursor = page.hasNonNull("next") ? page.get("next").asText() : null;
        } while (cursor != null);

        assertThat(seen).containsAll(submitted);
        List<String> ours = order.stream().filter(submitted::contains).toList();
        List<String> newestFirst = new ArrayList<>(submitted);
        Collections.reverse(newestFirst);
        assertThat(ours).as("newest first").containsExactlyElementsOf(newestFirst);
    }

    @Test
    void badListingsAreRefused() {
        Http.assertError(http.get("/jobs?status=DONE"), 400, "invalid_parameter");
        Http.assertError(http.get("/jobs?limit=0"), 400, "invalid_parameter");
        Http.assertError(http.get("/jobs?limit=101"), 400, "invalid_parameter");
        Http.assertError(http.get("/jobs?after=garbage"), 400, "invalid_cursor");
        Http.assertError(http.get("/jobs?language=cobol"), 422, "unsupported_language");
        Http.assertError(http.get("/jobs?ids=a&status=QUEUED"), 400, "conflicting_fields");
    }
}
