package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.stack.FenrirStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Two sandbox managers on one stream and one containerd namespace share the work; no job runs twice. */
@Tag("e2e")
class TwoManagersTest {
    private static final int JOBS = 24;
    private static FenrirStack stack;
    private static Http http;

    @BeforeAll
    static void startPlatform() {
        stack = FenrirStack.start(2);
        http = new Http(stack.api.baseUrl());
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void twoManagersShareTheWorkAndNoJobRunsTwice() {
        Set<String> firstManagersWorkers = containers();
        stack.startSecondManager();
        // The second manager's start-up clean-up removes only its own predecessor's leftovers.
        assertThat(containers()).containsAll(firstManagersWorkers);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            ids.add(http.submit(Http.JSON.createObjectNode().put("language", "bash")
                    .put("source", "sleep 0.3; echo job " + i)));
        }
        for (int i = 0; i < JOBS; i++) {
            JsonNode done = http.awaitFinished(ids.get(i));
            assertThat(done.get("verdict").asText()).as(done.toString()).isEqualTo("OK");
            assertThat(done.get("attempts").asInt()).as(done.toString()).isEqualTo(1);
            assertThat(http.get("/jobs/" + ids.get(i) + "/output").body()).isEqualTo("job " + i + "\n");
        }
        // A manager logs a job's end after its ack, a moment after the row shows it finished.
        await().atMost(Duration.ofSeconds(10)).until(() -> completedIn(stack.manager.log(), ids)
                + completedIn(stack.secondManager.log(), ids) >= JOBS);
        long first = completedIn(stack.manager.log(), ids);
        long second = completedIn(stack.secondManager.log(), ids);
        assertThat(first).as("jobs the first manager ran").isPositive();
        assertThat(second).as("jobs the second manager ran").isPositive();
        assertThat(first + second).as("runs in all: each job exactly once").isEqualTo(JOBS);
    }

    private static long completedIn(String log, List<String> ids) {
        return ids.stream().filter(id -> Pattern.compile("job " + id + " COMPLETED").matcher(log).find()).count();
    }

    private static Set<String> containers() {
        return Arrays.stream(stack.containerd.ctr("-n", FenrirStack.NAMESPACE, "containers", "ls", "-q").split("\n"))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
