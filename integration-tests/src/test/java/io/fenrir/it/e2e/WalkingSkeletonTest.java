package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.harness.Repo;
import io.fenrir.it.harness.Rootfs;
import io.fenrir.it.stack.FenrirStack;
import io.fenrir.it.stack.SharedStack;
import io.fenrir.manager.containerd.SandboxSpec;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** One real job through every real component, as the README's curl session does it. */
@Tag("e2e")
@SharedStack(poolSize = 2)
class WalkingSkeletonTest {
    private static FenrirStack stack;
    private static Http http;
    private static String baseUrl;

    @BeforeAll
    static void useSharedStack(FenrirStack shared) {
        stack = shared;
        http = new Http(stack.api.baseUrl());
        baseUrl = stack.api.baseUrl();
    }

    @Test
    void helloWorldRunsThroughEveryComponent() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> workerContainers().size() == stack.poolSize());
        Set<String> warmBefore = workerContainers();

        HttpResponse<String> accepted = http.postJson("/jobs", "{\"language\":\"python\",\"source\":\"print(\\\"hello\\\")\"}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode job = Http.json(accepted);
        String id = job.get("id").asText();
        assertThat(job.get("status").asText()).isEqualTo("QUEUED");
        assertThat(accepted.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/jobs/" + id));

        JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> Http.json(http.get("/jobs/" + id)), j -> j.get("status").asText().equals("COMPLETED"));
        assertThat(done.get("exitCode").asInt()).isZero();
        assertThat(done.get("verdict").asText()).isEqualTo("OK");

        HttpResponse<String> output = http.get("/jobs/" + id + "/output");
        assertThat(output.statusCode()).isEqualTo(200);
        assertThat(output.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(output.body()).isEqualTo("hello\n");

        assertThat(JobRows.status(stack, id)).isEqualTo("COMPLETED");
        assertThat(object("jobs/" + id + "/files/main.py")).isEqualTo("print(\"hello\")");
        assertThat(JobRows.sourcesStored(stack, id)).as("the row says the API stored the sources").isTrue();
        assertThat(object("jobs/" + id + "/stdout")).isEqualTo("hello\n");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ConsumerInfo consumer = consumerInfo();
            assertThat(consumer.getNumPending()).as("messages waiting").isZero();
            assertThat(consumer.getNumAckPending()).as("messages delivered but not acked").isZero();
        });

        // The worker that ran the job serves on (each job runs in fresh sandboxes inside it): the same
        // containers stay warm, and nothing of the job's cgroups is left in any of them.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(workerContainers()).isEqualTo(warmBefore);
            assertThat(Http.json(new Http(managerBase()).get("/health")).get("idleWorkers").asInt()).isEqualTo(stack.poolSize());
            assertThat(stack.workerCgroups()).containsExactlyInAnyOrderElementsOf(warmBefore);
            warmBefore.forEach(worker -> assertThat(stack.stepCgroups(worker)).as("step cgroups of " + worker).isEmpty());
        });
    }

    @Test
    void stdinReachesTheProgramAndAFailingProgramIsARuntimeError() {
        String id = submit("{\"language\":\"python\",\"source\":\"import sys\\nprint(sys.stdin.read().upper())\\nsys.exit(3)\",\"stdin\":\"abc\"}");
        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("verdict").asText()).isEqualTo("RUNTIME_ERROR");
        assertThat(done.get("exitCode").asInt()).isEqualTo(3);
        assertThat(http.get("/jobs/" + id + "/output").body()).isEqualTo("ABC\n");
    }

    /** The agent's class archive (AppCDS), made by the manager with the rootfs's JVM, is what worker JVMs map. */
    @Test
    void everyWorkersAgentMapsItsClassArchive() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> workerContainers().size() == stack.poolSize());
        var agents = ProcessHandle.allProcesses()
                // The JVM, not tini, whose command line names the jar too.
                .filter(p -> p.info().command().orElse("").endsWith("/java"))
                .filter(p -> p.info().commandLine().orElse("").contains("/opt/fenrir/agent.jar"))
                .filter(p -> cgroupOf(p).contains("/" + stack.cgroupParent() + "/"))
                .toList();

        assertThat(agents).hasSize(stack.poolSize());
        for (ProcessHandle agent : agents) {
            assertThat(Files.readString(Path.of("/proc", Long.toString(agent.pid()), "maps")))
                    .as("the mappings of agent " + agent.pid()).contains("/opt/fenrir/agent.jsa");
        }
    }

    /**
     * The archive holds the classes of a fresh worker's first calls (Health, then a Run) as well as those of
     * its start, so neither loads classes from the jar. Listed by the rootfs's JVM itself, with the jar where
     * workers have it, which also says whether the archive fits.
     */
    @Test
    void theAgentsClassArchiveHoldsTheClassesOfItsFirstCalls() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> workerContainers().size() == stack.poolSize());
        Path archive;
        try (var archives = Files.list(stack.containerd.dir().resolve("agent-cds"))) {
            archive = archives.filter(p -> p.getFileName().toString().endsWith(".jsa")).findFirst().orElseThrow();
        }
        String script = """
                rootfs=$1 jar=$2 archive=$3; shift 3
                mount --bind "$jar" "$rootfs/opt/fenrir/agent.jar" || exit 125
                mount --bind "$archive" "$rootfs/opt/fenrir/agent.jsa" || exit 125
                mount -t proc proc "$rootfs/proc" || exit 125
                exec chroot "$rootfs" /usr/bin/java "$@"
                """;
        List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--", "/bin/sh",
                "-c", script, "list", Rootfs.path().toString(),
                Repo.path("worker-agent/target/fenrir-worker-agent.jar").toString(), archive.toString()));
        argv.addAll(SandboxSpec.AGENT_JVM_OPTIONS);
        argv.addAll(List.of("-XX:SharedArchiveFile=/opt/fenrir/agent.jsa", "-XX:+PrintSharedArchiveAndExit", "-jar",
                "/opt/fenrir/agent.jar"));
        Process list = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String classes = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(list.waitFor()).as(classes).isZero();
        assertThat(classes).contains("archive is valid")
                .contains(" io.fenrir.agent.Main ", " io.fenrir.agent.v1.HealthReply ", " io.fenrir.agent.Job ",
                        " io.fenrir.agent.StepRunner ", " io.fenrir.agent.OutputPump ");
    }

    /**
     * A worker's socket directory belongs to the workers' user namespace range, which no host user owns:
     * uid 1000, the old agent uid and a login user on this machine kind, cannot put its own agent.sock there.
     */
    @Test
    void noHostUserCanTakeOverAWorkersSocketDirectory() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> workerContainers().size() == stack.poolSize());
        Path workers = stack.containerd.dir().resolve("workers");
        Set<String> passwdUids;
        try (var lines = Files.lines(Path.of("/etc/passwd"))) {
            passwdUids = lines.map(line -> line.split(":")).filter(f -> f.length > 2).map(f -> f[2])
                    .collect(Collectors.toSet());
        }
        for (String worker : workerContainers()) {
            Path socketDir = workers.resolve(worker);
            int owner = (Integer) Files.getAttribute(socketDir, "unix:uid");
            assertThat(owner).as("owner of " + socketDir).isGreaterThanOrEqualTo(1_879_048_192);
            assertThat(passwdUids).doesNotContain(Integer.toString(owner));
            Process plant = new ProcessBuilder("setpriv", "--reuid=1000", "--regid=1000", "--clear-groups", "--",
                    "touch", socketDir.resolve("planted").toString()).redirectErrorStream(true).start();
            assertThat(plant.waitFor()).as(new String(plant.getInputStream().readAllBytes())).isNotZero();
            assertThat(socketDir.resolve("planted")).doesNotExist();
        }
    }

    private static String cgroupOf(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cgroup"));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void theManagerReportsWhetherTheKernelEnforcesAppArmor() throws Exception {
        Path flag = Path.of("/sys/module/apparmor/parameters/enabled");
        boolean kernelHasAppArmor = Files.exists(flag) && Files.readString(flag).trim().equals("Y");
        JsonNode appArmor = Http.json(new Http(managerBase()).get("/health")).get("appArmor");
        assertThat(appArmor.get("enabled").asBoolean()).isEqualTo(kernelHasAppArmor);
        if (!kernelHasAppArmor) {
            assertThat(appArmor.get("reason").asText()).startsWith("unavailable");
        }
    }

    @Test
    void unknownLanguageIsRefusedWithAJsonError() {
        assertError(http.postJson("/jobs", "{\"language\":\"cobol\",\"source\":\"x\"}"), 422, "unsupported_language");
    }

    @Test
    void missingSourceIsRefusedWithAJsonError() {
        assertError(http.postJson("/jobs", "{\"language\":\"python\"}"), 400, "missing_field");
    }

    @Test
    void malformedJsonIsRefusedWithAJsonError() {
        assertError(http.postJson("/jobs", "{\"language\":\"python\",\"source\":"), 400, "malformed_json");
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWithAJsonError() {
        assertError(http.post("/jobs", "text/plain", "print('hello')"), 415, "unsupported_media_type");
    }

    @Test
    void bodyOverTheLimitIsRefusedWithAJsonError() {
        String huge = "x".repeat(9 * 1024 * 1024);
        assertError(http.postJson("/jobs", "{\"language\":\"python\",\"source\":\"" + huge + "\"}"), 413, "payload_too_large");
    }

    /**
     * As Python's urllib and many SDKs send: no Expect: 100-continue, the whole body written before the
     * answer is read. The API reads and drops the refused body, so the client reads the 413 instead of
     * a reset connection; 20 MiB is above the HTTP layer's own hard limit (16 MiB) as well.
     */
    @Test
    void aClientThatWritesItsWholeOversizedBodyFirstReadsAJson413() throws Exception {
        URI api = URI.create(baseUrl);
        byte[] body = ("{\"language\":\"python\",\"source\":\"" + "x".repeat(20 * 1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /jobs HTTP/1.1\r\nHost: " + api.getHost() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).containsIgnoringCase("content-type: application/json");
            assertThat(answer).contains("\"code\":\"payload_too_large\"");
        }
    }

    @Test
    void sourceOverOneMebibyteIsRefusedWithAJsonError() {
        String source = "#".repeat(1024 * 1024 + 1);
        assertError(http.postJson("/jobs", "{\"language\":\"python\",\"source\":\"" + source + "\"}"), 413, "payload_too_large");
    }

    @Test
    void aSourceOfOneMebibyteIsAccepted() {
        String source = "#".repeat(1024 * 1024 - 20) + "\nprint('big')";
        String id = submit("{\"language\":\"python\",\"source\":\"" + source.replace("\n", "\\n") + "\"}");
        assertThat(awaitFinished(id).get("verdict").asText()).isEqualTo("OK");
        assertThat(http.get("/jobs/" + id + "/output").body()).isEqualTo("big\n");
    }

    @Test
    void aFileNameTheAgentWouldRefuseIsRefusedByTheApiAndNothingIsQueued() {
        // Accepted once (202) and refused by the agent on every delivery: the API now checks core's JobRules too.
        long sequenceBefore = JobQueueProbe.lastSequence(stack);

        HttpResponse<String> refused = http.postJson("/jobs", "{\"language\":\"python\",\"files\":["
                + "{\"name\":\"main.py\",\"content\":\"print(open('notes..txt').read())\"},"
                + "{\"name\":\"notes..txt\",\"content\":\"hello\"}]}");

        JsonNode error = Http.assertError(refused, 422, "invalid_file_name");
        assertThat(error.get("message").asText()).contains("notes..txt", "files[1].name", "'..'");
        assertThat(JobQueueProbe.lastSequence(stack)).as("nothing was queued").isEqualTo(sequenceBefore);
    }

    @Test
    void unknownJobIsAJson404() {
        assertError(http.get("/jobs/" + UUID.randomUUID()), 404, "job_not_found");
        assertError(http.get("/jobs/not-a-uuid"), 404, "job_not_found");
    }

    private static String submit(String body) {
        HttpResponse<String> accepted = http.postJson("/jobs", body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return Http.json(accepted).get("id").asText();
    }

    private static JsonNode awaitFinished(String id) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> Http.json(http.get("/jobs/" + id)),
                        j -> Set.of("COMPLETED", "FAILED").contains(j.get("status").asText()));
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        Http.assertError(response, status, code);
    }

    private static String managerBase() {
        return stack.manager.healthUrl().replace("/health", "");
    }

    private static Set<String> workerContainers() {
        return Arrays.stream(stack.containerd.ctr("-n", FenrirStack.NAMESPACE, "containers", "ls", "-q").split("\n"))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    private static String object(String key) throws Exception {
        MinioClient client = MinioClient.builder().endpoint(stack.s3.endpoint())
                .credentials(stack.s3.accessKey(), stack.s3.secretKey()).build();
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(stack.s3.bucket()).object(key).build())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static ConsumerInfo consumerInfo() throws Exception {
        try (Connection nats = Nats.connect(stack.natsUrl())) {
            return nats.jetStreamManagement().getConsumerInfo("FENRIR_JOBS", "sandbox-manager");
        }
    }
}
