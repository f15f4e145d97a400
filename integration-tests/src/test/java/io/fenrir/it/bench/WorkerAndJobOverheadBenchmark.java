package io.fenrir.it.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.bench.Figures.Stats;
import io.fenrir.it.e2e.Http;
import io.fenrir.it.harness.Repo;
import io.fenrir.it.stack.FenrirStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code make bench}: worker creation (create → ready) and per-job overhead on the whole real platform
 * ({@link FenrirStack}: nats-server, PostgreSQL, S3Proxy, containerd + runc, the API server and the sandbox
 * manager from their built jars), with {@code FENRIR_WORKER_MAX_JOBS=1}: a fresh container for every job,
 * so that each job's worker is replaced (reused workers: {@link ThroughputBenchmark}). Prints a markdown table and writes it into docs/benchmarks.md, between
 * markers, with the command, the machine and the commit. Only asserts that every job ran (COMPLETED, OK);
 * figures are reported, never compared with a target.
 *
 * <ol>
 *   <li>Start with a pool of N (-Dfenrir.bench.pool, default 2) and wait until N workers are idle.</li>
 *   <li>10 warm-up jobs, not counted (JIT of the API server and the manager).</li>
 *   <li>Sequential: J jobs (-Dfenrir.bench.jobs, default 200) one at a time, each submitted once the pool
 *       is full again, so each finds a warm worker; the wait is the worker's replacement.</li>
 *   <li>Concurrency N: J jobs from N client threads, each submitting its next job as soon as its last one
 *       finished. The pool runs dry, so worker creation paces this phase.</li>
 * </ol>
 * Every job is bash {@code true}. Job figures come from GET /jobs/{id} (timestamps written by the API
 * server and the manager on this one machine); create → ready from the manager's "worker ... ready in
 * ... ms" log lines.
 */
@Tag("bench")
class WorkerAndJobOverheadBenchmark {
    private static final int POOL = Integer.getInteger("fenrir.bench.pool", 2);
    private static final int JOBS = Integer.getInteger("fenrir.bench.jobs", 200);
    private static final int WARM_UP = 10;
    private static final String JOB = "{\"language\":\"bash\",\"source\":\"true\"}";
    private static final Duration JOB_POLL = Duration.ofMillis(20);
    private static final Duration HEALTH_POLL = Duration.ofMillis(5);
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Pattern WORKER_READY = Pattern.compile("worker \\S+ ready in (\\d+) ms");

    /** One finished job: server timestamps, the program's own wall time, and what the client saw. */
    record Job(Instant submitted, Instant started, Instant finished, long wallMs, double clientMs) {
        double totalMs() {
            return millis(submitted, finished);
        }

        double overheadMs() {
            return totalMs() - wallMs;
        }

        double queueMs() {
            return millis(submitted, started);
        }
    }

    private FenrirStack stack;
    private Http api;
    private Http manager;

    @Test
    void workerCreationAndPerJobOverhead() throws Exception {
        String machine = Figures.machine();
        String commit = Figures.commit();
        System.out.printf("[bench] pool %d, %d jobs per phase, on %s%n", POOL, JOBS, machine);
        stack = FenrirStack.start(POOL, java.util.Map.of("FENRIR_WORKER_MAX_JOBS", "1"));
        api = new Http(stack.api.baseUrl());
        manager = new Http(stack.manager.healthUrl().replace("/health", ""));
        try (Figures.LoadSampler load = new Figures.LoadSampler()) {
            awaitFullPool();
            List<Double> coldStart = workerReadyTimes();

            for (int i = 0; i < WARM_UP; i++) {
                runOne();
                awaitFullPool();
            }

            int logMark = workerReadyTimes().size();
            List<Job> sequential = new ArrayList<>();
            List<Double> replacement = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                Job job = runOne();
                sequential.add(job);
                replacement.add(millis(job.finished(), awaitFullPool()));
            }
            List<Double> sequentialCreation = workerReadyTimesSince(logMark);

            logMark = workerReadyTimes().size();
            List<Job> concurrent = runConcurrently(POOL);
            awaitFullPool();
            List<Double> concurrentCreation = workerReadyTimesSince(logMark);

            String report = report(machine, commit, load.summary(), coldStart, sequentialCreation, replacement, sequential,
                    concurrentCreation, concurrent);
            System.out.println(report);
            Files.writeString(Files.createDirectories(Repo.path("integration-tests/target")).resolve("bench.md"), report);
            Figures.writeSection(Repo.path("docs/benchmarks.md"), report);
            System.out.println("[bench] written to docs/benchmarks.md and integration-tests/target/bench.md");
        } finally {
            stack.close();
        }
    }

    private String report(String machine, String commit, String load, List<Double> coldStart, List<Double> sequentialCreation,
            List<Double> replacement, List<Job> sequential, List<Double> concurrentCreation, List<Job> concurrent) {
        StringBuilder md = new StringBuilder();
        md.append("## `make bench`: worker creation and per-job overhead, a fresh container per job (")
                .append(Figures.today()).append(")\n\n");
        md.append("- Command: `make bench` (pool ").append(POOL).append(", ").append(JOBS)
                .append(" jobs per phase; `make bench BENCH_POOL=.. BENCH_JOBS=..`). Each job is bash `true`, with ")
                .append("`FENRIR_WORKER_MAX_JOBS=1`, so that every job's worker is destroyed and replaced.\n");
        md.append("- Commit: ").append(commit).append("\n");
        md.append("- Machine: ").append(machine).append("\n");
        md.append("- Load average (1 min): ").append(load).append(" (").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs; it counts the stack under test, which keeps both busy while workers start, and any other"
                        + " work on the machine)\n\n");
        md.append("| what | n | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n");
        row(md, "worker create → ready, pool fill at start-up (first containers)", Stats.of(coldStart));
        row(md, "worker create → ready, sequential phase", Stats.of(sequentialCreation));
        row(md, "worker create → ready, concurrency " + POOL + " (beside running jobs)", Stats.of(concurrentCreation));
        row(md, "worker replacement: job finished → pool full again (sequential)", Stats.of(replacement));
        jobRows(md, "sequential", sequential);
        jobRows(md, "concurrency " + POOL, concurrent);
        md.append("\nThroughput (jobs / (last finishedAt − first submittedAt)): sequential ")
                .append(String.format("%.2f", throughput(sequential)))
                .append(" jobs/s (it waits for a full pool before each job); concurrency ").append(POOL).append(": ")
                .append(String.format("%.2f", throughput(concurrent))).append(" jobs/s.\n\n");
        md.append("""
                How: `io.fenrir.it.bench.WorkerAndJobOverheadBenchmark` on the whole stack (`FenrirStack`, real \
                services on loopback). Job figures are GET /jobs/{id} timestamps: submittedAt (API accepted it), \
                startedAt (manager marked it RUNNING), finishedAt (the agent's result is back, before the output \
                is stored and the message acknowledged); overhead = finishedAt − submittedAt − wallMs (the \
                program's own wall time). "client" is POST sent → COMPLETED seen by the benchmark, polling \
                every %d ms. Create → ready is the manager's log line per worker (container create + task start \
                + agent answering Health). Replacement is finishedAt → manager health shows %d idle workers \
                (output stored, ack, old container destroyed, new one ready). The sequential phase submits each \
                job once the pool is full again; concurrency %d runs %d client threads back to back, so the pool \
                runs dry and worker creation paces it: its queue wait is time waiting for a worker.
                """.formatted(JOB_POLL.toMillis(), POOL, POOL, POOL));
        return md.toString();
    }

    private static void jobRows(StringBuilder md, String phase, List<Job> jobs) {
        row(md, phase + ": submitted → finished", Stats.of(jobs.stream().map(Job::totalMs).toList()));
        row(md, phase + ": overhead (submitted → finished − wallMs)", Stats.of(jobs.stream().map(Job::overheadMs).toList()));
        row(md, phase + ": queue wait (submitted → started)", Stats.of(jobs.stream().map(Job::queueMs).toList()));
        row(md, phase + ": program wallMs", Stats.of(jobs.stream().map(j -> (double) j.wallMs()).toList()));
        row(md, phase + ": client, POST → COMPLETED seen", Stats.of(jobs.stream().map(Job::clientMs).toList()));
    }

    private static void row(StringBuilder md, String what, Stats s) {
        md.append("| ").append(what).append(" | ").append(s.n()).append(" | ").append(Figures.ms(s.p50())).append(" | ")
                .append(Figures.ms(s.p95())).append(" | ").append(Figures.ms(s.p99())).append(" | ")
                .append(Figures.ms(s.max())).append(" |\n");
    }

    private static double throughput(List<Job> jobs) {
        Instant first = jobs.stream().map(Job::submitted).min(Instant::compareTo).orElseThrow();
        Instant last = jobs.stream().map(Job::finished).max(Instant::compareTo).orElseThrow();
        return jobs.size() / (millis(first, last) / 1000.0);
    }

    private List<Job> runConcurrently(int clients) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Job> jobs = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    while (next.getAndIncrement() < JOBS) {
                        jobs.add(runOne());
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return jobs;
    }

    /** Submits one job and polls until it is finished; it must have run and succeeded. */
    private Job runOne() {
        long sent = System.nanoTime();
        HttpResponse<String> accepted = api.postJson("/jobs", JOB);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String path = "/jobs/" + Http.json(accepted).get("id").asText();
        JsonNode job = await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(JOB_POLL).pollInSameThread()
                // Until the API's background write stores the row, the answer is a 404 without a status.
                .until(() -> Http.json(api.get(path)), j -> Set.of("COMPLETED", "FAILED").contains(j.path("status").asText()));
        double clientMs = (System.nanoTime() - sent) / 1e6;
        assertThat(job.get("status").asText() + " " + job.path("verdict").asText()).as(job.toString())
                .isEqualTo("COMPLETED OK");
        return new Job(Instant.parse(job.get("submittedAt").asText()), Instant.parse(job.get("startedAt").asText()),
                Instant.parse(job.get("finishedAt").asText()), job.get("wallMs").asLong(), clientMs);
    }

    /** Polls the manager's health until every worker of the pool is idle; returns when it saw that. */
    private Instant awaitFullPool() {
        await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(HEALTH_POLL).pollInSameThread()
                .until(() -> Http.json(manager.get("/health")).path("idleWorkers").asInt() >= POOL);
        return Instant.now();
    }

    /** The create → ready times logged after the first {@code mark} ones. */
    private List<Double> workerReadyTimesSince(int mark) {
        List<Double> all = workerReadyTimes();
        return all.subList(mark, all.size());
    }

    /** Every create → ready time the manager has logged so far, in order. */
    private List<Double> workerReadyTimes() {
        try {
            List<Double> times = new ArrayList<>();
            for (String line : Files.readAllLines(stack.manager.logFile())) {
                Matcher m = WORKER_READY.matcher(line);
                if (m.find()) {
                    times.add(Double.parseDouble(m.group(1)));
                }
            }
            return times;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }
}
