package io.fenrir.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.e2e.Http;
import io.fenrir.it.observability.Scrape;
import io.fenrir.it.stack.FenrirStack;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fault-injection suite (issue 4): a client submits {@value #JOBS} jobs of mixed languages, some
 * slow, some failing, while the harness breaks the platform one part at a time: kill -9 of the API,
 * kill -9 of the sandbox manager mid-job, a worker killed mid-job, kill -9 of nats-server, PostgreSQL
 * down for 30 s, the S3 server down for 30 s. Then every job that got a 202 must be finished with the
 * verdict and output its program gives and its sources in S3; it must never have been a 404 nor shown
 * finished with two different results; the work queue must be empty; and no container, task, socket
 * dir or cgroup may be left beyond the warm pool. The counts go to stdout and
 * target/chaos-report.md (docs/reliability.md quotes a run).
 */
@Tag("chaos")
class FaultInjectionTest {
    private static final int JOBS = 200;
    private static final int POOL = 2;
    /** Submissions run ahead of the two workers, so that there is a queue whenever a fault lands. */
    private static final Duration SUBMIT_INTERVAL = Duration.ofMillis(600);
    private static final Duration BETWEEN_FAULTS = Duration.ofSeconds(8);
    private static final String JOB_STREAM = "FENRIR_JOBS";
    private static final String DEAD_LETTER_STREAM = "FENRIR_DLQ";

    private static FenrirStack stack;

    @BeforeAll
    static void startPlatform() {
        // A short ack wait: the jobs a killed manager held come back in seconds rather than 30 s. A
        // short sweep: messages the killed nats-server kept after their acks go in seconds, not a minute.
        stack = FenrirStack.start(POOL, Map.of("FENRIR_ACK_WAIT_MS", "6000", "FENRIR_QUEUE_SWEEP_INTERVAL", "5s"));
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyAcceptedJobFinishesOnceWithItsRightResultWhileThePlatformIsBrokenPartByPart() throws Exception {
        Http http = new Http(stack.api.baseUrl());
        Instant origin = Instant.now();
        Submitter submitter = new Submitter(http, Workload.of(JOBS), SUBMIT_INTERVAL);
        Observer observer = new Observer(http, submitter.accepted);
        Thread submitting = new Thread(submitter, "chaos-submitter");
        Thread observing = new Thread(observer, "chaos-observer");
        submitting.start();
        observing.start();

        Faults faults = new Faults(stack, origin);
        List<Runnable> schedule = List.of(faults::killApi, faults::killManagerMidJob, faults::killWorkerMidJob,
                faults::killNats, faults::stopPostgres, faults::stopS3);
        for (Runnable fault : schedule) {
            Faults.pause(BETWEEN_FAULTS);
            fault.run();
        }
        submitting.join(Duration.ofMinutes(10).toMillis());
        faults.record("all " + JOBS + " submissions answered");

        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2))
                .until(() -> observer.finished.keySet().containsAll(submitter.accepted.keySet()));
        observer.stop();
        observing.join();
        faults.record("every accepted job finished");

        Results results = verify(http, submitter);
        List<String> leftover = leftInQueue();
        String report = report(faults, submitter, observer, results, leftover);
        System.out.println(report);
        Files.writeString(Path.of("target", "chaos-report.md"), report);

        assertThat(submitter.defects).as("submission defects").isEmpty();
        assertThat(observer.defects).as("404s or changed results while polling").isEmpty();
        assertThat(submitter.accepted).hasSize(JOBS);
        assertThat(results.wrong).as("jobs with a wrong result").isEmpty();
        assertThat(results.deadLettered).as("dead letters").isZero();
        // Messages the killed nats-server kept after their acks are swept by the API (docs/reliability.md).
        assertThat(leftover).as("jobs of messages left in the work queue").isEmpty();
        assertNothingLeaked();
    }

    /** What a final read of every accepted job found. */
    private record Results(int completed, int retried, int deadLettered, List<String> wrong,
            Map<String, Integer> byAttempts) {
    }

    private static Results verify(Http http, Submitter submitter) throws Exception {
        int completed = 0;
        int retried = 0;
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> byAttempts = new TreeMap<>();
        // One client: building one reads the JDK's CA certificates.
        MinioClient s3 = MinioClient.builder().endpoint(stack.s3.endpoint())
                .credentials(stack.s3.accessKey(), stack.s3.secretKey()).build();
        for (var entry : submitter.accepted.entrySet()) {
            String id = entry.getKey();
            Workload.Spec spec = entry.getValue();
            JsonNode job = Http.json(http.get("/jobs/" + id));
            String status = job.get("status").asText();
            int attempts = job.get("attempts").asInt();
            byAttempts.merge(Integer.toString(attempts), 1, Integer::sum);
            if (attempts > 1) {
                retried++;
            }
            if (!status.equals("COMPLETED")) {
                wrong.add("job " + spec.index() + " (" + id + ") is " + job);
                continue;
            }
            completed++;
            String stdout = http.get("/jobs/" + id + "/output").body();
            if (!spec.verdict().equals(job.get("verdict").asText()) || !spec.stdout().equals(stdout)) {
                wrong.add("job " + spec.index() + " (" + spec.kind() + ", " + id + ") ended " + job.get("verdict")
                        + " with output '" + stdout + "'; expected " + spec.verdict() + " '" + spec.stdout() + "'");
            }
            List<String> sources = storedSources(s3, id);
            if (!sources.equals(List.of(spec.source()))) {
                wrong.add("job " + spec.index() + " (" + id + ") has the sources " + sources + " in S3");
            }
        }
        return new Results(completed, retried, (int) queued(DEAD_LETTER_STREAM), wrong, byAttempts);
    }

    private static String report(Faults faults, Submitter submitter, Observer observer, Results results,
            List<String> leftover) {
        StringBuilder out = new StringBuilder("## Fault-injection run\n\n```\n");
        faults.log.forEach(line -> out.append(line).append('\n'));
        out.append("```\n\n| count | |\n|---|---|\n");
        int accepted = submitter.accepted.size();
        out.append("| submitted | ").append(JOBS).append(" |\n");
        out.append("| accepted (202) | ").append(accepted).append(" |\n");
        out.append("| of which answered as a replay of an earlier attempt (Idempotency-Key) | ")
                .append(submitter.replayed.get()).append(" |\n");
        out.append("| submissions repeated after | ").append(new TreeMap<>(submitter.refusals)).append(" |\n");
        out.append("| completed with the right verdict and output | ")
                .append(results.completed - results.wrong.size()).append(" |\n");
        out.append("| retried (attempts > 1) | ").append(results.retried).append(" |\n");
        out.append("| jobs by attempts | ").append(results.byAttempts).append(" |\n");
        out.append("| dead-lettered | ").append(results.deadLettered).append(" |\n");
        out.append("| wrong result | ").append(results.wrong.size()).append(" |\n");
        out.append("| lost | ").append(accepted - results.completed - results.deadLettered).append(" |\n");
        out.append("| status reads while polling / unavailable (503 or no connection) | ").append(observer.reads.get())
                .append(" / ").append(observer.unavailable.get()).append(" |\n");
        out.append("| 404s or changed results while polling | ").append(observer.defects.size()).append(" |\n");
        out.append("| acknowledged messages kept by the killed nats-server, swept | ").append((long) Scrape.of(
                stack.api.metricsUrl()).sum("fenrir_queue_leftovers_removed_total", Map.of())).append(" |\n");
        out.append("| messages left in the work queue | ").append(leftover.size()).append(" |\n");
        results.wrong.forEach(w -> out.append("\n- ").append(w));
        observer.defects.forEach(d -> out.append("\n- ").append(d));
        submitter.defects.forEach(d -> out.append("\n- ").append(d));
        return out.append('\n').toString();
    }

    /** The contents of the source files S3 holds for job {@code id}. */
    private static List<String> storedSources(MinioClient s3, String id) throws Exception {
        List<String> sources = new ArrayList<>();
        for (var item : s3.listObjects(ListObjectsArgs.builder().bucket(stack.s3.bucket())
                .prefix("jobs/" + id + "/files/").recursive(true).build())) {
            try (var content = s3.getObject(GetObjectArgs.builder().bucket(stack.s3.bucket())
                    .object(item.get().objectName()).build())) {
                sources.add(new String(content.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return sources;
    }

    /**
     * The job ids of the messages still in the work queue once the acks of the last redeliveries had
     * time to land and the sweep its turn (up to a minute).
     */
    private static List<String> leftInQueue() throws Exception {
        try {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> queued(JOB_STREAM) == 0);
            return List.of();
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            List<String> ids = new ArrayList<>();
            try (Connection nats = Nats.connect(stack.nats.url())) {
                var streams = nats.jetStreamManagement();
                var state = streams.getStreamInfo(JOB_STREAM).getStreamState();
                for (long seq = state.getFirstSequence(); seq <= state.getLastSequence(); seq++) {
                    try {
                        String subject = streams.getMessage(JOB_STREAM, seq).getSubject();
                        ids.add(subject.substring(subject.lastIndexOf('.') + 1));
                    } catch (JetStreamApiException gone) {
                        // Acknowledged and removed: not left.
                    }
                }
            }
            return ids;
        }
    }

    /** Messages in a stream; 0 when the stream was never made. */
    private static long queued(String stream) throws IOException, InterruptedException {
        try (Connection nats = Nats.connect(stack.nats.url())) {
            return nats.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
        } catch (JetStreamApiException e) {
            return 0;
        }
    }

    /** The warm pool and nothing else: containers, tasks, workers' socket dirs and cgroups. */
    private static void assertNothingLeaked() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<String> containers = lines(stack.containerd.ctr("-n", FenrirStack.NAMESPACE, "containers", "ls", "-q"));
            List<String> tasks = lines(stack.containerd.ctr("-n", FenrirStack.NAMESPACE, "tasks", "ls", "-q"));
            assertThat(containers).as("containers").hasSize(POOL);
            assertThat(Set.copyOf(tasks)).as("tasks").isEqualTo(Set.copyOf(containers));
            assertThat(workerDirs()).as("worker socket dirs").isEqualTo(Set.copyOf(containers));
            assertThat(Set.copyOf(stack.workerCgroups())).as("worker cgroups").isEqualTo(Set.copyOf(containers));
        });
    }

    private static Set<String> workerDirs() throws IOException {
        try (Stream<Path> dirs = Files.list(stack.containerd.dir().resolve("workers"))) {
            return Set.copyOf(dirs.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
