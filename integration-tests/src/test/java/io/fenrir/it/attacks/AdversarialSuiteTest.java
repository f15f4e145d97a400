package io.fenrir.it.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.it.attacks.AttackRunner.Outcome;
import io.fenrir.it.harness.Repo;
import io.fenrir.it.harness.Rootfs;
import io.fenrir.it.stack.FenrirStack;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The adversarial suite of issue 3: every hostile program in sandbox-manager/src/test/resources/attacks runs as a
 * job on the real platform (API, JetStream, manager, containerd + runc, a pool of 2 workers) and must end with the
 * verdict and output its header expects; one dynamic test per attack, so a failure names the file. Then the host
 * must be as it was: once the pool is warm again the same containers, tasks, mounts, processes and cgroups of
 * workers (by count, the workers being new), memory and disk within tolerances, host files and clock unchanged;
 * and once the manager has stopped, nothing of any worker at all.
 */
@Tag("security")
class AdversarialSuiteTest {
    private static final int POOL_SIZE = 2;
    /** Jobs submitted and not finished at a time: one waits in the queue while both workers are busy. */
    private static final int PARALLEL = 3;
    private static final Path ATTACKS = Repo.path("sandbox-manager/src/test/resources/attacks");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static FenrirStack stack;
    /** Every worker (container) id this stack's containerd has shown: what the host checks are scoped to. */
    private static final Set<String> workerIds = ConcurrentHashMap.newKeySet();
    private static ScheduledExecutorService watcher;
    private static HostSnapshot before;

    @BeforeAll
    static void startPlatformAndTakeTheHostSnapshot() {
        stack = FenrirStack.start(POOL_SIZE);
        watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "worker-watcher");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(AdversarialSuiteTest::recordWorkerIds, 0, 250, TimeUnit.MILLISECONDS);
        awaitWarmPool();
        before = snapshot();
        System.out.println("[attacks] host before the suite: " + before);
    }

    @AfterAll
    static void stopPlatform() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyAttackIsStoppedAndTheHostIsLeftAsItWas() {
        List<Attack> attacks = Attack.all(ATTACKS, CgroupVersion.ofThisHost());
        assertThat(attacks).as("attacks in " + ATTACKS).hasSizeGreaterThanOrEqualTo(30);
        AttackRunner runner = new AttackRunner(stack.api.baseUrl(), PARALLEL, Map.of("hostEndpoints", hostEndpoints()));
        Map<String, CompletableFuture<Outcome>> outcomes = runner.runAll(attacks);

        Stream<DynamicTest> perAttack = attacks.stream()
                .map(attack -> dynamicTest(attack.name(), () -> AttackExpectations.verify(outcomes.get(attack.name()).join())));
        Stream<DynamicTest> host = Stream.of(
                dynamicTest("zz-host-as-before-once-the-pool-is-warm-again", () -> {
                    CompletableFuture.allOf(outcomes.values().toArray(CompletableFuture[]::new))
                            .exceptionally(failure -> null).join();
                    runner.close();
                    AttackExpectations.printSummary(attacks, outcomes);
                    awaitWarmPool();
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                            assertThat(snapshot().differencesFrom(before)).as("host after the suite").isEmpty());
                }),
                dynamicTest("zz-nothing-of-any-worker-left-once-the-manager-has-stopped", () -> {
                    stack.manager.stop();
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                            assertThat(snapshot().leftovers()).as("left after the manager stopped").isEmpty());
                }));
        return Stream.concat(perAttack, host);
    }

    /** "ADDRESS PORT" for every address of this host and every port of the platform's services. */
    private static List<String> hostEndpoints() {
        Set<String> addresses = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        String text = address.getHostAddress();
                        addresses.add(address instanceof Inet6Address ? text.replaceAll("%.*$", "") : text);
                    }
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("failed to list the host's addresses", e);
        }
        List<Integer> ports = List.of(URI.create(stack.api.baseUrl()).getPort(),
                URI.create(stack.manager.healthUrl()).getPort(), stack.nats.port(), stack.postgres.port(),
                stack.s3.port());
        List<String> endpoints = new ArrayList<>();
        for (String address : addresses) {
            ports.forEach(port -> endpoints.add(address + " " + port));
        }
        return endpoints.subList(0, Math.min(endpoints.size(), 64)); // the API's limit on args
    }

    private static void recordWorkerIds() {
        try {
            stack.containerd.ctr("-n", FenrirStack.NAMESPACE, "containers", "ls", "-q").lines()
                    .map(String::strip).filter(id -> !id.isEmpty()).forEach(workerIds::add);
            Path workers = stack.containerd.dir().resolve("workers");
            if (Files.isDirectory(workers)) {
                try (Stream<Path> dirs = Files.list(workers)) {
                    dirs.forEach(dir -> workerIds.add(dir.getFileName().toString()));
                }
            }
        } catch (RuntimeException | IOException e) {
            // containerd is stopping at the end of the suite; the ids seen so far are all there are
        }
    }

    private static HostSnapshot snapshot() {
        recordWorkerIds();
        return HostSnapshot.take(stack, Set.copyOf(workerIds), Rootfs.path());
    }

    /** The manager reports POOL_SIZE idle workers and containerd lists exactly that many containers. */
    private static void awaitWarmPool() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(stack.manager.healthUrl()))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            long containers = stack.containerd.ctr("-n", FenrirStack.NAMESPACE, "containers", "ls", "-q").lines()
                    .filter(line -> !line.isBlank()).count();
            return JSON.readTree(health.body()).path("idleWorkers").asInt() == POOL_SIZE && containers == POOL_SIZE;
        });
    }
}
