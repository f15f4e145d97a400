package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.stack.FenrirStack;
import io.fenrir.it.stack.SharedStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * GET /jobs/{id}/events (issue 13): status changes and output while the job runs, resumable with
 * Last-Event-ID; a finished job replays its stored output; every stream ends with the final status.
 */
@Tag("e2e")
@SharedStack(poolSize = 2)
class EventsTest {
    /** Prints a line every 400 ms, flushing each, so that its output arrives while it runs. */
    private static final String TICKER = "import time\nfor i in range(4):\n    print('tick', i, flush=True)\n"
            + "    time.sleep(0.4)\n";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Http http;
    private static String baseUrl;

    @BeforeAll
    static void useSharedStack(FenrirStack stack) {
        http = new Http(stack.api.baseUrl());
        baseUrl = stack.api.baseUrl();
    }

    /** One server-sent event, with when it arrived. */
    record Event(String id, String name, JsonNode data, long arrivedAtNanos) {
    }

    @Test
    void outputArrivesWhileTheJobRunsAndTheStreamEndsWithTheFinalStatus() throws Exception {
        String id = http.submit(Http.JSON.valueToTree(Map.of("language", "python", "source", TICKER)));

        List<Event> events = follow(id, null);

        assertThat(events.get(0).name()).isEqualTo("status");
        assertThat(events).anySatisfy(event -> {
            assertThat(event.name()).isEqualTo("status");
            assertThat(event.data().get("status").asText()).isEqualTo("RUNNING");
        });
        List<Event> output = events.stream().filter(event -> event.name().equals("stdout")).toList();
        assertThat(String.join("", output.stream().map(event -> event.data().get("text").asText()).toList()))
                .isEqualTo("tick 0\ntick 1\ntick 2\ntick 3\n");
        assertThat(output).allSatisfy(event -> assertThat(event.data().get("step").asText()).isEqualTo("run"));
        Event end = events.get(events.size() - 1);
        assertThat(end.name()).isEqualTo("end");
        Event last = events.get(events.size() - 2);
        assertThat(last.data().get("status").asText()).isEqualTo("COMPLETED");
        assertThat(last.data().get("verdict").asText()).isEqualTo("OK");
        // Live, not replayed: the first line came while the program still had three sleeps to go.
        assertThat(Duration.ofNanos(end.arrivedAtNanos() - output.get(0).arrivedAtNanos())).isGreaterThan(
                Duration.ofMillis(800));
        List<Long> ids = events.stream().filter(event -> event.id() != null).map(event -> Long.parseLong(event.id()))
                .toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates().isNotEmpty();
    }

    @Test
    void aClientThatReconnectsWithLastEventIdGetsWhatCameAfter() throws Exception {
        String id = http.submit(Http.JSON.valueToTree(Map.of("language", "python", "source", TICKER)));
        List<Event> first = follow(id, null);
        Event tickOne = first.stream().filter(event -> event.name().equals("stdout")
                && event.data().get("text").asText().contains("tick 1")).findFirst().orElseThrow();

        List<Event> resumed = follow(id, tickOne.id());

        List<String> texts = resumed.stream().filter(event -> event.name().equals("stdout"))
                .map(event -> event.data().get("text").asText()).toList();
        assertThat(String.join("", texts)).doesNotContain("tick 0").doesNotContain("tick 1").contains("tick 3");
        assertThat(resumed.get(resumed.size() - 1).name()).isEqualTo("end");
    }

    @Test
    void aFinishedJobReplaysItsStoredOutputAndEnds() throws Exception {
        String id = http.submit(Http.JSON.valueToTree(Map.of("language", "bash", "source", "echo out; echo err >&2")));
        http.awaitFinished(id);

        List<Event> events = follow(id, null);

        assertThat(events).extracting(Event::name).containsExactly("status", "stdout", "stderr", "end");
        assertThat(events.get(1).data().get("text").asText()).isEqualTo("out\n");
        assertThat(events.get(2).data().get("text").asText()).isEqualTo("err\n");
    }

    @Test
    void anUnknownJobIsA404InJson() {
        HttpResponse<String> answer = http.get("/jobs/" + UUID.randomUUID() + "/events");
        Http.assertError(answer, 404, "job_not_found");
    }

    /** Reads the job's event stream to its end (the server closes it after "end"). */
    private static List<Event> follow(String id, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + id + "/events"))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        List<Event> events = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String eventId = null;
            String name = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(eventId, name, Http.JSON.readTree(data.toString()), System.nanoTime()));
                        if (name.equals("end")) {
                            break;
                        }
                    }
                    eventId = null;
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    eventId = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        }
        return events;
    }
}
