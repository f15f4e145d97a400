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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code make bench}: what the platform delivers with warm workers that serve many jobs, each in fresh
 * job sandboxes, and the same with {@code FENRIR_WORKER_MAX_JOBS=1} (a fresh container per job), on the
 * whole real platform ({@link FenrirStack}), the load generator (this JVM) on the same machine. Writes its
 * tables into docs/benchmarks.md. Asserts only that every job ran; figures are reported, not compared.
 *
 * <ol>
 *   <li>Sustained throughput: a burst of python hello jobs submitted as fast as four client threads
 *       can, then waited for (in PostgreSQL, so that no polling loads the API meanwhile); jobs / (last
 *       finishedAt − first submittedAt). The machine's busy CPU time
 *       over the burst (/proc/stat) minus the programs' own CPU (their cpuMs) is the platform's CPU,
 *       shown per job with and without this JVM's (the load generator's) share.</li>
 *   <li>Paced: python hello at 5 jobs/s, each watched by its own client thread polling every 10 ms:
 *       submit → COMPLETED as the client sees it, and submittedAt → finishedAt on the server.</li>
 *   <li>C++ with {@code #include <bits/stdc++.h>}, one at a time: the compile step's duration.</li>
 *   <li>Worker create → ready: the manager's "worker ... ready in ... ms" lines over the whole run.</li>
 * </ol>
 */
@Tag("bench")
class ThroughputBenchmark {
    private static final int POOL = Integer.getInteger("fenrir.bench.throughput.pool", 4);
    private static final int BURST = Integer.getInteger("fenrir.bench.throughput.jobs", 400);
    private static final int SUBMITTERS = 4;
    private static final double PACED_RATE = 5.0;
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration PATIENCE = Duration.ofMinutes(10);
    private static final String PYTHON = "{\"language\":\"python\",\"source\":\"print('hello')\"}";
    private static final String CPP = "{\"language\":\"cpp\",\"source\":"
            + "\"#include <bits/stdc++.h>\\nint main(){std::cout<<\\\"hello\\\"<<std::endl;}\\n\"}";
    private static final Pattern WORKER_READY = Pattern.compile("worker \\S+ ready in (\\d+) ms");

    /** One configuration's figures. */
    record Run(String name, int burstJobs, double throughput, double platformCpuMsPerJob,
            double platformCpuMsPerJobWithoutClient, Stats pacedClient, Stats pacedServer, Stats cppCompile,
            Stats workerReady, CpuLedger burstCpu, long programsCpuMs) {
    }

    /** One finished job as GET /jobs/{id} shows it, and what the client saw. */
    record Job(String id, Instant submitted, Instant finished, long cpuMs, double clientMs) {
    }

    @Test
    void throughputLatencyAndPlatformCpuWithReusedWorkersAndWithAFreshContainerPerJob() throws Exception {
        String machine = Figures.machine();
        String commit = Figures.commit();
        List<Run> runs = new ArrayList<>();
        String load;
        try (Figures.LoadSampler sampler = new Figures.LoadSampler()) {
            runs.add(measure("reused workers (default, FENRIR_WORKER_MAX_JOBS=500)", Map.of(), BURST, 100, 20));
            runs.add(measure("a fresh container per job (FENRIR_WORKER_MAX_JOBS=1)",
                    Map.of("FENRIR_WORKER_MAX_JOBS", "1"), BURST / 8, 30, 10));
            load = sampler.summary();
        }
        String report = report(machine, commit, load, runs);
        System.out.println(report);
        Files.writeString(Files.createDirectories(Repo.path("integration-tests/target")).resolve("bench-throughput.md"),
                report);
        Figures.writeSection(Repo.path("docs/benchmarks.md"), "throughput", report);
    }

    private Run measure(String name, Map<String, String> env, int burstJobs, int pacedJobs, int cppJobs)
            throws Exception {
        System.out.printf("[bench] %s: pool %d%n", name, POOL);
        try (FenrirStack stack = FenrirStack.start(POOL, env)) {
            Http api = new Http(stack.api.baseUrl());
            Http manager = new Http(stack.manager.healthUrl().replace("/health", ""));
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
                    .until(() -> Http.json(manager.get("/health")).path("idleWorkers").asInt() >= POOL);
            // Warm-up (JIT of the API server, the manager and the agents), not counted.
            collect(api, submitAll(api, PYTHON, 2 * POOL + 10));

            long busyBefore = busyCpuMs();
            long clientBefore = clientCpuMs();
            CpuLedger ledgerBefore = CpuLedger.read(stack);
            List<String> ids = submitAll(api, PYTHON, burstJobs);
            awaitFinishedInDatabase(stack, ids);
            long busy = busyCpuMs() - busyBefore;
            long client = clientCpuMs() - clientBefore;
            CpuLedger burstCpu = CpuLedger.read(stack).minus(ledgerBefore);
            List<Job> burst = collect(api, ids);
            long programs = burst.stream().mapToLong(Job::cpuMs).sum();
            Instant first = burst.stream().map(Job::submitted).min(Instant::compareTo).orElseThrow();
            Instant last = burst.stream().map(Job::finished).max(Instant::compareTo).orElseThrow();
            double throughput = burst.size() / (Duration.between(first, last).toNanos() / 1e9);

            List<Job> paced = paced(api, pacedJobs);
            List<Double> compile = new ArrayList<>();
            for (int i = 0; i < cppJobs; i++) {
                Job job = runOne(api, CPP);
                compile.add(compileMs(api, job.id()));
            }
            return new Run(name, burstJobs, throughput, (busy - programs) / (double) burst.size(),
                    (busy - programs - client) / (double) burst.size(),
                    Stats.of(paced.stream().map(Job::clientMs).toList()),
                    Stats.of(paced.stream().map(j -> millis(j.submitted(), j.finished())).toList()),
                    Stats.of(compile), Stats.of(workerReadyTimes(stack.manager.logFile())), burstCpu, programs);
        }
    }

    /** Submits {@code count} jobs from {@link #SUBMITTERS} threads as fast as they go; their ids. */
    private static List<String> submitAll(Http api, String body, int count) throws Exception {
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < SUBMITTERS; t++) {
                int share = count / SUBMITTERS + (t < count % SUBMITTERS ? 1 : 0);
                done.add(submitters.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        ids.add(submit(api, body));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            submitters.shutdownNow();
        }
        return List.copyOf(ids);
    }

    /**
     * Waits until every job is terminal, asking PostgreSQL four times a second: polling the API for
     * each job would load the platform whose CPU the burst measures.
     */
    private static void awaitFinishedInDatabase(FenrirStack stack, List<String> ids) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
            try (Connection c = stack.postgres.connect();
                    PreparedStatement s = c.prepareStatement(
                            "SELECT count(*) FROM jobs WHERE id = ANY(?) AND status IN ('COMPLETED', 'FAILED')")) {
                s.setArray(1, c.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) == ids.size();
                }
            }
        });
    }

    /** Each job as the API shows it, once it is finished. */
    private static List<Job> collect(Http api, List<String> ids) {
        List<Job> jobs = new ArrayList<>();
        for (String id : ids) {
            jobs.add(awaitFinished(api, id, System.nanoTime()));
        }
        return jobs;
    }

    /** {@code count} jobs at {@link #PACED_RATE} per second, each watched by a thread of its own. */
    private static List<Job> paced(Http api, int count) throws Exception {
        ExecutorService clients = Executors.newCachedThreadPool();
        List<Future<Job>> jobs = new ArrayList<>();
        long intervalNanos = (long) (1e9 / PACED_RATE);
        long start = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                jobs.add(clients.submit(() -> runOne(api, PYTHON)));
            }
            List<Job> finished = new ArrayList<>();
            for (Future<Job> job : jobs) {
                finished.add(job.get());
            }
            return finished;
        } finally {
            clients.shutdownNow();
        }
    }

    private static Job runOne(Http api, String body) {
        long sent = System.nanoTime();
        return awaitFinished(api, submit(api, body), sent);
    }

    private static String submit(Http api, String body) {
        HttpResponse<String> accepted = api.postJson("/jobs", body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return Http.json(accepted).get("id").asText();
    }

    private static Job awaitFinished(Http api, String id, long sentNanos) {
        JsonNode job = await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(POLL).pollInSameThread()
                .until(() -> Http.json(api.get("/jobs/" + id)),
                        j -> Set.of("COMPLETED", "FAILED").contains(j.path("status").asText()));
        double clientMs = (System.nanoTime() - sentNanos) / 1e6;
        assertThat(job.get("status").asText() + " " + job.path("verdict").asText()).as(job.toString())
                .isEqualTo("COMPLETED OK");
        return new Job(id, Instant.parse(job.get("submittedAt").asText()), Instant.parse(job.get("finishedAt").asText()),
                job.path("cpuMs").asLong(), clientMs);
    }

    /** The compile stage's duration; the manager records the stages just after the job's terminal row. */
    private static double compileMs(Http api, String id) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> {
            for (JsonNode stage : Http.json(api.get("/jobs/" + id + "/timeline")).get("stages")) {
                if (stage.get("stage").asText().equals("compile")) {
                    return stage.get("durationMs").asDouble();
                }
            }
            return null;
        }, java.util.Objects::nonNull);
    }

    /** CPU time of the whole machine, all cores, that was not idle, from /proc/stat, in ms. */
    private static long busyCpuMs() throws IOException {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < fields.length && i <= 8; i++) {
            if (i != 4 && i != 5) { // idle, iowait
                busy += Long.parseLong(fields[i]);
            }
        }
        return busy * 1000 / 100; // USER_HZ
    }

    /** This JVM's CPU time: the load generator's share of the machine. */
    private static long clientCpuMs() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toMillis();
    }

    private static List<Double> workerReadyTimes(Path managerLog) {
        try {
            List<Double> times = new ArrayList<>();
            for (String line : Files.readAllLines(managerLog)) {
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

    private static String report(String machine, String commit, String load, List<Run> runs) {
        StringBuilder md = new StringBuilder();
        md.append("## `make bench`: throughput, latency and platform CPU per job (").append(Figures.today()).append(")\n\n");
        md.append("- Command: `make bench` (pool ").append(POOL).append("; `-Dfenrir.bench.throughput.jobs=N` sets the burst)\n");
        md.append("- Commit: ").append(commit).append("\n");
        md.append("- Machine: ").append(machine).append("\n");
        md.append("- Load average (1 min): ").append(load).append("\n\n");
        md.append("| figure |");
        runs.forEach(run -> md.append(" ").append(run.name()).append(" |"));
        md.append("\n|---|");
        runs.forEach(run -> md.append("---|"));
        md.append("\n");
        line(md, runs, "sustained throughput, python hello (jobs/s; burst size)",
                run -> String.format("%.1f (%d)", run.throughput(), run.burstJobs()));
        line(md, runs, "platform CPU per job, load generator included (ms)",
                run -> String.format("%.0f", run.platformCpuMsPerJob()));
        line(md, runs, "platform CPU per job, load generator excluded (ms)",
                run -> String.format("%.0f", run.platformCpuMsPerJobWithoutClient()));
        line(md, runs, "5 jobs/s: submit → COMPLETED seen by the client, p50 / p99 (ms)",
                run -> Figures.ms(run.pacedClient().p50()) + " / " + Figures.ms(run.pacedClient().p99()));
        line(md, runs, "5 jobs/s: submittedAt → finishedAt on the server, p50 / p99 (ms)",
                run -> Figures.ms(run.pacedServer().p50()) + " / " + Figures.ms(run.pacedServer().p99()));
        line(md, runs, "C++ with bits/stdc++.h: compile step, p50 / p99 (ms; n)",
                run -> Figures.ms(run.cppCompile().p50()) + " / " + Figures.ms(run.cppCompile().p99()) + " ("
                        + run.cppCompile().n() + ")");
        line(md, runs, "worker create → ready, p50 / p99 (ms; n)",
                run -> Figures.ms(run.workerReady().p50()) + " / " + Figures.ms(run.workerReady().p99()) + " ("
                        + run.workerReady().n() + ")");
        md.append("\nWhere the CPU of the burst went, per job (ms; each process with its descendants, the workers from their cgroups):\n\n");
        md.append("| component |");
        runs.forEach(run -> md.append(" ").append(run.name()).append(" |"));
        md.append("\n|---|");
        runs.forEach(run -> md.append("---|"));
        md.append("\n");
        for (String component : runs.get(0).burstCpu().millis().keySet()) {
            line(md, runs, component, run -> String.format("%.1f",
                    run.burstCpu().millis().getOrDefault(component, 0L) / (double) run.burstJobs()));
        }
        line(md, runs, "of which the job steps' own cgroups: sandbox set-up (sh, setpriv, prlimit, bwrap) and the program (Σ cpuMs)",
                run -> String.format("%.1f", run.programsCpuMs() / (double) run.burstJobs()));
        md.append("""

                How: `io.fenrir.it.bench.ThroughputBenchmark`, one fresh stack per column. Throughput: a burst \
                submitted by 4 client threads as fast as the API answers, then awaited by counting finished rows in \
                PostgreSQL 4 times a second (no per-job polling of the API during the burst); jobs / (last \
                finishedAt − first submittedAt). Platform CPU: the machine's non-idle CPU time over the burst \
                (/proc/stat) minus the programs' own (the sum of their cpuMs), per job; "load generator \
                excluded" also takes off this benchmark JVM's CPU (submitting and polling). The 5 jobs/s rows \
                poll every 10 ms per job, which is part of what the client sees. The fresh-container column runs \
                a burst an eighth the size: it is paced by container creation. Its 5 jobs/s rows are above its \
                capacity, so the queue grows while they run: that is the price shown.
                """);
        return md.toString();
    }

    private static void line(StringBuilder md, List<Run> runs, String what, java.util.function.Function<Run, String> cell) {
        md.append("| ").append(what).append(" |");
        runs.forEach(run -> md.append(" ").append(cell.apply(run)).append(" |"));
        md.append("\n");
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }
}
