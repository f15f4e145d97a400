package io.fenrir.it.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fenrir.it.e2e.Http;
import io.fenrir.it.stack.FenrirStack;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A warm worker serves many jobs (FENRIR_WORKER_MAX_JOBS): nothing a job leaves behind may reach the next job on
 * the same worker. With a pool of one worker both jobs run on it. Job A ({@code reused-worker/leave-everything.c})
 * leaves all it can: double-forked, setsid'd, stopped, busy and fork-chaining processes holding everything else
 * open, files in every place it can write, a huge /tmp file and a big file in its job directory, System V shared
 * memory, semaphores and messages, a POSIX message queue, abstract and path Unix sockets and loopback TCP
 * listeners, and (through gcc -wrapper) a daemon and a file of its compile step. Job B
 * ({@code reused-worker/find-leftovers.c}) then looks for all of it by name and by listing, counts the processes
 * it can see and touches nearly its whole memory limit. The worker must serve both jobs (the same container, the
 * agent's job directories job-N and job-N+1, never retired, no step cgroup left between them) and B must find
 * nothing.
 */
@Tag("security")
class ReusedWorkerIsolationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FINISHED = Set.of("COMPLETED", "FAILED");
    private static final Pattern JOBDIR = Pattern.compile("(?m)^JOBDIR /job-(\\d+)$");
    /** What job B touches of its 64 MiB: all but what its own program and the sandbox need. */
    private static final int B_ALLOCATES_MIB = 56;

    private static FenrirStack stack;
    private static Http http;

    @BeforeAll
    static void startPlatformWithOneWorker() {
        stack = FenrirStack.start(1);
        http = new Http(stack.api.baseUrl());
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theNextJobOnTheSameWorkerFindsNothingTheLastOneLeft() {
        String worker = awaitTheIdleWorker(null);
        String token = Integer.toHexString(0x10000000 + ThreadLocalRandom.current().nextInt(0x60000000));
        int port = 20000 + ThreadLocalRandom.current().nextInt(20000);

        Finished a = run(jobA(token, port));
        System.out.println("[reuse] job A " + a.job() + "\n---- stdout:\n" + a.stdout() + "---- compile output:\n"
                + a.compileOutput());
        SoftAssertions planted = new SoftAssertions();
        planted.assertThat(a.job().path("verdict").asText()).as("job A's verdict").isEqualTo("OK");
        planted.assertThat(a.stdout()).as("job A's stdout").contains("LEFT")
                .contains("PLANTED file /sandbox/" + token, "PLANTED file /tmp/" + token, "PLANTED file /dev/shm/" + token)
                .contains("PLANTED huge /tmp/" + token + "-huge", "PLANTED huge /sandbox/" + token + "-huge")
                .contains("PLANTED sysv-shm", "PLANTED sysv-sem", "PLANTED sysv-msg", "PLANTED posix-mq")
                .contains("PLANTED abstract-socket", "PLANTED path-socket /sandbox/" + token + ".sock",
                        "PLANTED path-socket /tmp/" + token + ".sock")
                .contains("PLANTED tcp 127.0.0.1:" + port, "PLANTED tcp [::1]:" + port)
                .contains("PLANTED processes");
        planted.assertThat(a.compileOutput()).as("job A's compile output").contains("COMPILE DAEMON STARTED");
        planted.assertAll();

        // Between the jobs: the same single container, idle again, no step cgroup of A's left in it.
        assertThat(awaitTheIdleWorker(worker)).isEqualTo(worker);

        Finished b = run(jobB(token, port));
        System.out.println("[reuse] job B " + b.job() + "\n---- stdout:\n" + b.stdout());
        SoftAssertions clean = new SoftAssertions();
        clean.assertThat(b.job().path("verdict").asText()).as("job B's verdict").isEqualTo("OK");
        clean.assertThat(b.stdout()).as("job B's stdout").contains("CHECKED")
                .contains("ALLOCATED " + B_ALLOCATES_MIB + " MiB")
                .contains("PROCESSES 2")
                .contains("CLEAN abstract-socket ECONNREFUSED", "CLEAN tcp 127.0.0.1:" + port + " ECONNREFUSED",
                        "CLEAN sysv-shm by key ENOENT", "CLEAN posix-mq by name ENOENT")
                .doesNotContain("FOUND", "DIRTY");
        // The agent numbers its job directories: B's follows A's, so the same agent ran both.
        clean.assertThat(jobDir(b.stdout())).as("job B's directory on the worker").isEqualTo(jobDir(a.stdout()) + 1);
        clean.assertAll();

        assertThat(awaitTheIdleWorker(worker)).isEqualTo(worker);
        String log = stack.manager.log();
        assertThat(log).as("the manager's log").doesNotContain("retiring worker");
        assertThat(log.lines().filter(line -> line.contains("worker " + worker + " ready")).count())
                .as("times worker " + worker + " was made ready").isEqualTo(1);
    }

    /**
     * Waits until the pool is its one worker, idle, with no step cgroup (none exists between jobs); returns its
     * container id, which must be {@code expected} when given.
     */
    private static String awaitTheIdleWorker(String expected) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<String> containers = containers();
            assertThat(containers).as("worker containers").hasSize(1);
            if (expected != null) {
                assertThat(containers).as("worker containers").containsExactly(expected);
            }
            assertThat(idleWorkers()).as("idle workers").isEqualTo(1);
            assertThat(stack.workerCgroups()).as("worker cgroups").containsExactlyElementsOf(containers);
            assertThat(stack.stepCgroups(containers.get(0))).as("step cgroups between jobs").isEmpty();
        });
        return containers().get(0);
    }

    private static ObjectNode jobA(String token, int port) {
        ObjectNode job = JSON.createObjectNode().put("language", "c").put("source", resource("leave-everything.c"));
        job.putArray("args").add(token).add(Integer.toString(port));
        // The compile step leaves a daemon of its own and a file in the job directory (B must find neither).
        job.putArray("compileArgs").add("-wrapper").add("/bin/sh,-c,[ -e " + token + "-compile ] || { touch "
                + token + "-compile; setsid sleep 600 </dev/null >/dev/null 2>&1 & echo COMPILE DAEMON STARTED >&2; };"
                + " exec \"$0\" \"$@\"");
        // Room for 60 MiB on /tmp and 60 MiB in the job directory (fileBytes at its maximum: 64 MiB).
        job.putObject("limits").put("memoryMb", 256).put("fileBytes", 64 << 20).put("wallMs", 10000)
                .put("cpuMs", 5000);
        return job;
    }

    private static ObjectNode jobB(String token, int port) {
        ObjectNode job = JSON.createObjectNode().put("language", "c").put("source", resource("find-leftovers.c"));
        job.putArray("args").add(token).add(Integer.toString(port)).add(Integer.toString(B_ALLOCATES_MIB));
        job.putObject("limits").put("memoryMb", 64).put("wallMs", 10000).put("cpuMs", 5000);
        return job;
    }

    private record Finished(JsonNode job, String stdout, String compileOutput) {
    }

    private static Finished run(ObjectNode request) {
        HttpResponse<String> accepted = http.postJson("/jobs", request.toString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = Http.json(accepted).get("id").asText();
        JsonNode job = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> Http.json(http.get("/jobs/" + id)), j -> FINISHED.contains(j.path("status").asText()));
        assertThat(job.path("status").asText()).as("status of " + job).isEqualTo("COMPLETED");
        return new Finished(job, http.get("/jobs/" + id + "/output").body(),
                http.get("/jobs/" + id + "/compile-output").body());
    }

    private static int jobDir(String stdout) {
        Matcher matcher = JOBDIR.matcher(stdout);
        assertThat(matcher.find()).as("a JOBDIR /job-N line in\n" + stdout).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static List<String> containers() {
        return Arrays.stream(stack.containerd.ctr("-n", FenrirStack.NAMESPACE, "containers", "ls", "-q").split("\n"))
                .map(String::strip).filter(id -> !id.isEmpty()).sorted().collect(Collectors.toList());
    }

    private static int idleWorkers() {
        return Http.json(new Http(stack.manager.healthUrl().replace("/health", "")).get("/health"))
                .path("idleWorkers").asInt(-1);
    }

    private static String resource(String name) {
        try (InputStream in = ReusedWorkerIsolationTest.class.getResourceAsStream("/reused-worker/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource reused-worker/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
