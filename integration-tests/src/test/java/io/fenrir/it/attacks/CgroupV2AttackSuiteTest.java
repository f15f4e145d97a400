package io.fenrir.it.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.fenrir.it.attacks.AttackRunner.Outcome;
import io.fenrir.it.harness.Repo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The adversarial suite on cgroup v2 (issue 10): the attacks of sandbox-manager/src/test/resources/attacks run
 * against the platform that {@code make vm-test} provisions in its nested Debian 12 guest (cgroup v2, AppArmor
 * enforced), through the guest's API port forwarded to this host, and must end as their headers expect. This
 * machine kind is cgroup v1, so this is where the v2 code paths of the manager and the agent meet hostile code.
 *
 * <p>Only what the API shows is checked: the host-snapshot checks of {@link AdversarialSuiteTest} (containers,
 * mounts, processes and cgroups left behind) do not apply, the platform being in a VM whose processes this JVM
 * cannot see. The guest runs under software emulation, every program in it several times slower in CPU time as
 * well as in wall time: each attack's time limits and wall-time bound are multiplied by
 * {@code fenrir.vm.time-scale}, and the guest's API allows limits that much larger (deploy/vm-test/run.sh).
 *
 * <p>Under emulation a job takes some 8 s more than here, so by default only the attacks that test what differs
 * on a cgroup v2 host run ({@link #differsOnCgroupV2}), 25 of 63 in 200 s; {@code -Dfenrir.vm.attacks=all} runs
 * every one (13 minutes at a time scale of 10).
 *
 * <p>Tag {@code vm}: run by deploy/vm-test/run.sh with {@code -Pvm}, never by a plain {@code ./mvnw verify}.
 * System properties: {@code fenrir.vm.api} (required, the guest's API), {@code fenrir.vm.time-scale} (5),
 * {@code fenrir.vm.attacks} ({@code cgroups} or {@code all}), {@code fenrir.vm.job-timeout-s} (600, from each
 * submission to its job's end).
 */
@Tag("vm")
class CgroupV2AttackSuiteTest {
    private static final Path ATTACKS = Repo.path("sandbox-manager/src/test/resources/attacks");
    /** The guest runs a pool of one worker: one job waits in the queue while the other runs. */
    private static final int PARALLEL = 2;
    /** The guest's addresses as its jobs could reach them: loopback, its NIC on qemu's user network, and the host. */
    private static final List<String> GUEST_ADDRESSES = List.of("127.0.0.1", "::1", "10.0.2.15", "10.0.2.2");
    /** The ports of what deploy/provision.sh starts: API, manager health, NATS, PostgreSQL, S3Proxy, Prometheus. */
    private static final List<Integer> GUEST_PORTS = List.of(8080, 8081, 4222, 5432, 9000, 9090);
    /** Verdicts a cgroup gives: its memory or CPU limit, or its processes ended at the wall limit. */
    private static final Set<String> CGROUP_VERDICTS = Set.of("MEMORY_LIMIT", "TIME_LIMIT", "WALL_TIME_LIMIT");

    @TestFactory
    Stream<DynamicTest> everyAttackEndsAsItsHeaderExpectsOnCgroupV2() {
        String api = System.getProperty("fenrir.vm.api");
        assertThat(api).as("system property fenrir.vm.api (the guest's API, set by deploy/vm-test/run.sh)").isNotBlank();
        int timeScale = Integer.getInteger("fenrir.vm.time-scale", 5);
        boolean all = System.getProperty("fenrir.vm.attacks", "cgroups").equals("all");
        Duration jobTimeout = Duration.ofSeconds(Long.getLong("fenrir.vm.job-timeout-s", 600));

        List<Attack> attacks = Attack.all(ATTACKS, CgroupVersion.V2).stream()
                .filter(attack -> all || differsOnCgroupV2(attack)).map(attack -> attack.withTimeScaled(timeScale))
                .toList();
        AttackRunner runner = new AttackRunner(api, PARALLEL, Map.of("hostEndpoints", guestEndpoints()), jobTimeout);
        Map<String, CompletableFuture<Outcome>> outcomes = runner.runAll(attacks);

        Stream<DynamicTest> perAttack = attacks.stream().map(attack -> dynamicTest(attack.name(),
                () -> AttackExpectations.verify(outcomes.get(attack.name()).join())));
        Stream<DynamicTest> summary = Stream.of(dynamicTest("zz-summary", () -> {
            CompletableFuture.allOf(outcomes.values().toArray(CompletableFuture[]::new))
                    .exceptionally(failure -> null).join();
            runner.close();
            AttackExpectations.printSummary(attacks, outcomes);
        }));
        return Stream.concat(perAttack, summary);
    }

    /**
     * The rule for the default run: an attack whose end rests on the step's cgroup or on a layer only the guest
     * has. That is, it expects a verdict a cgroup limit gives (MEMORY_LIMIT, TIME_LIMIT) or a wall-time kill
     * (WALL_TIME_LIMIT: the step's processes ended through its cgroup), sets a pids limit, bounds its wall time
     * (its orphans must end with the step), has cgroup in its name, names a known gap or a v2 difference; or it
     * uses the network families, which the worker's AppArmor profile mediates, enforced in the guest alone.
     * Left out: the API's refusals (no job runs), the compile-step bombs (the same cgroup code as the run step's
     * limits, and minutes each under emulation), and what rlimits, file modes, namespaces and seccomp stop alike
     * on either hierarchy.
     */
    static boolean differsOnCgroupV2(Attack attack) {
        Attack.Expected expected = attack.expected();
        return expected.httpStatus() == 202 && (expected.verdicts().stream().anyMatch(CGROUP_VERDICTS::contains)
                || attack.submission().limits().containsKey("pids")
                || expected.wallUnderMs() != null
                || attack.name().contains("cgroup")
                || expected.description().contains("KNOWN GAP")
                || attack.source().contains("on-cgroup-v2:")
                || attack.name().contains("network") || attack.name().contains("socket-families"));
    }

    private static List<String> guestEndpoints() {
        List<String> endpoints = new ArrayList<>();
        GUEST_ADDRESSES.forEach(address -> GUEST_PORTS.forEach(port -> endpoints.add(address + " " + port)));
        return endpoints;
    }
}
