package io.fenrir.it.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.e2e.Http;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Submits a workload as a careful client would: one Idempotency-Key per job, and every answer but a
 * 202 (429, 503, a refused or broken connection) retried with the same key after a pause, so a job
 * is created once however often its request is repeated. Any other answer is a defect and recorded.
 */
final class Submitter implements Runnable {
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(3);

    private final Http http;
    private final List<Workload.Spec> specs;
    private final Duration interval;
    private final String run;
    /** Job id → what it must end as; only jobs that got a 202. */
    final ConcurrentMap<String, Workload.Spec> accepted = new ConcurrentHashMap<>();
    /** Why submissions had to be repeated: "429", "503 queue_unavailable", "connection", … → count. */
    final ConcurrentMap<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
    final List<String> defects = new CopyOnWriteArrayList<>();
    final AtomicInteger replayed = new AtomicInteger();

    /** @param interval the pause between two jobs' first attempts */
    Submitter(Http http, List<Workload.Spec> specs, Duration interval) {
        this.http = http;
        this.specs = specs;
        this.interval = interval;
        this.run = Long.toHexString(System.nanoTime());
    }

    @Override
    public void run() {
        for (Workload.Spec spec : specs) {
            Instant next = Instant.now().plus(interval);
            submit(spec);
            sleepUntil(next);
        }
    }

    private void submit(Workload.Spec spec) {
        String key = "chaos-" + run + "-" + spec.index();
        Instant deadline = Instant.now().plus(GIVE_UP_AFTER);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> answer;
            try {
                answer = http.postJson("/jobs", spec.body().toString(), Map.of("Idempotency-Key", key));
            } catch (UncheckedIOException e) {
                refused("connection");
                pause();
                continue;
            }
            if (answer.statusCode() == 202) {
                JsonNode job = Http.json(answer);
                Workload.Spec earlier = accepted.putIfAbsent(job.get("id").asText(), spec);
                if (earlier != null && earlier.index() != spec.index()) {
                    defects.add("job " + job.get("id").asText() + " was answered for jobs " + earlier.index() + " and "
                            + spec.index());
                }
                if (answer.headers().firstValue("Idempotent-Replayed").isPresent()) {
                    replayed.incrementAndGet();
                }
                return;
            }
            if (answer.statusCode() == 429 || answer.statusCode() == 503) {
                refused(answer.statusCode() + " " + errorCode(answer));
                pause();
                continue;
            }
            defects.add("job " + spec.index() + " got " + answer.statusCode() + ": " + answer.body());
            return;
        }
        defects.add("job " + spec.index() + " was not accepted within " + GIVE_UP_AFTER);
    }

    private void refused(String reason) {
        refusals.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
    }

    private static String errorCode(HttpResponse<String> answer) {
        try {
            return Http.json(answer).get("error").get("code").asText();
        } catch (RuntimeException e) {
            return "(not a JSON error: " + answer.body() + ")";
        }
    }

    private static void pause() {
        sleepUntil(Instant.now().plus(RETRY_PAUSE));
    }

    private static void sleepUntil(Instant when) {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
