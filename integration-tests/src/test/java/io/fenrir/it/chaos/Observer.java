package io.fenrir.it.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.e2e.Http;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads every accepted job again and again, as a client polling for its result would, while the
 * faults happen: an accepted job must never be a 404, and once it is shown finished it must be shown
 * with the same result every time after. 503s and refused connections are expected during faults
 * and only counted.
 */
final class Observer implements Runnable {
    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

    private final Http http;
    private final Map<String, Workload.Spec> accepted;
    private volatile boolean stopped;
    /** Job id → the first finished view of it: status, verdict, exit code and attempts. */
    final ConcurrentMap<String, String> finished = new ConcurrentHashMap<>();
    final List<String> defects = new CopyOnWriteArrayList<>();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger unavailable = new AtomicInteger();

    Observer(Http http, Map<String, Workload.Spec> accepted) {
        this.http = http;
        this.accepted = accepted;
    }

    @Override
    public void run() {
        while (!stopped) {
            for (String id : List.copyOf(accepted.keySet())) {
                if (stopped) {
                    return;
                }
                observe(id);
            }
            try {
                // A pass a second: as eager as a polling client, without starving the jobs of CPU.
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void stop() {
        stopped = true;
    }

    /** Reads job {@code id} once; returns its view, or null when the API could not answer now. */
    JsonNode observe(String id) {
        HttpResponse<String> answer;
        try {
            answer = http.get("/jobs/" + id);
        } catch (UncheckedIOException e) {
            unavailable.incrementAndGet();
            return null;
        }
        reads.incrementAndGet();
        if (answer.statusCode() == 503) {
            unavailable.incrementAndGet();
            return null;
        }
        if (answer.statusCode() != 200) {
            defects.add("GET /jobs/" + id + " answered " + answer.statusCode() + ": " + answer.body());
            return null;
        }
        JsonNode job = Http.json(answer);
        String status = job.get("status").asText();
        if (TERMINAL.contains(status)) {
            String result = status + " " + job.path("verdict").asText() + " exit " + job.path("exitCode").asText()
                    + " attempts " + job.path("attempts").asText();
            String first = finished.putIfAbsent(id, result);
            if (first != null && !first.equals(result)) {
                defects.add("job " + id + " was shown " + first + ", later " + result);
            }
        }
        return job;
    }
}
