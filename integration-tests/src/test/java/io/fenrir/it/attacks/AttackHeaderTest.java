package io.fenrir.it.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fenrir.it.harness.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** The attack headers parse, and the runner builds the requests they describe (no services needed). */
class AttackHeaderTest {
    private static final Path ATTACKS = Repo.path("sandbox-manager/src/test/resources/attacks");
    private static final Set<String> VERDICTS = Set.of("OK", "COMPILE_ERROR", "RUNTIME_ERROR", "TIME_LIMIT",
            "WALL_TIME_LIMIT", "MEMORY_LIMIT", "OUTPUT_LIMIT");

    @ParameterizedTest
    @EnumSource(CgroupVersion.class)
    void everyAttackFileHasAHeaderWithAKnownVerdictOrARefusal(CgroupVersion cgroups) {
        List<Attack> attacks = Attack.all(ATTACKS, cgroups);

        assertThat(attacks).hasSizeGreaterThanOrEqualTo(30);
        assertThat(attacks).extracting(a -> a.name().substring(0, 2)).doesNotHaveDuplicates();
        assertThat(attacks).allSatisfy(attack -> {
            assertThat(VERDICTS).as(attack.file()).containsAll(attack.expected().verdicts());
            assertThat(attack.expected().httpStatus()).as(attack.file()).isIn(202, 413, 422);
            assertThat(attack.expected().description()).as(attack.file()).hasSizeGreaterThan(40);
        });
        assertThat(attacks).extracting(Attack::language).contains("c", "cpp", "python", "bash", "javascript", "java");
    }

    @Test
    void theHeaderOfACProgramIsItsLeadingCommentLines() {
        Attack attack = Attack.parse(ATTACKS.resolve("06-stack-overflow-segv.c"));

        assertThat(attack.language()).isEqualTo("c");
        assertThat(attack.expected().verdicts()).containsExactly("RUNTIME_ERROR");
        assertThat(attack.expected().fields()).containsExactly(Map.entry("signal", "11"));
        assertThat(attack.submission().limits())
                .containsExactlyInAnyOrderEntriesOf(Map.of("cpuMs", 10000L, "wallMs", 20000L, "memoryMb", 256L));
        assertThat(attack.request(Map.of()).get("source").asText()).startsWith("// fenrir-attack: a stack overflow");
    }

    @Test
    void argsExpandPlaceholdersAndInflationMakesTheSizesTheApiMustRefuse() {
        ObjectNode network = Attack.parse(ATTACKS.resolve("23-network.c"))
                .request(Map.of("hostEndpoints", List.of("127.0.0.1 8080", "::1 8080")));
        assertThat(network.get("args")).extracting(n -> n.asText()).containsExactly("127.0.0.1 8080", "::1 8080");

        ObjectNode source = Attack.parse(ATTACKS.resolve("44-source-too-large.py")).request(Map.of());
        assertThat(source.get("source").asText().getBytes(StandardCharsets.UTF_8)).hasSize(1024 * 1024 + 1);

        ObjectNode args = Attack.parse(ATTACKS.resolve("41-arg-too-long.py")).request(Map.of());
        assertThat(args.get("args")).hasSize(1);
        assertThat(args.get("args").get(0).asText()).hasSize(4097);
    }

    @Test
    void anIncludedLibraryFileTravelsBesideTheProgramAsASecondFile() {
        ObjectNode request = Attack.parse(ATTACKS.resolve("13-signal-agent.c")).request(Map.of());

        assertThat(request.has("source")).isFalse();
        assertThat(request.get("files")).extracting(f -> f.get("name").asText())
                .containsExactly("main.c", "fenrir_targets.h");
        assertThat(request.get("files").get(0).get("content").asText()).startsWith("// fenrir-attack: signals");
        assertThat(request.get("files").get(1).get("content").asText()).contains("find_targets");
    }

    @Test
    void theNestedVmRunsTheAttacksThatRestOnACgroupOrOnTheGuestsOwnLayers() {
        List<String> onV2 = Attack.all(ATTACKS, CgroupVersion.V2).stream()
                .filter(CgroupV2AttackSuiteTest::differsOnCgroupV2).map(attack -> attack.name().substring(0, 2)).toList();

        assertThat(onV2).contains("01", "03", "07", "09", "10", "22", "23", "34", "53", "55", "56", "57", "60", "63")
                .doesNotContain("06", "14", "17", "21", "40", "44", "48", "50", "54");
        System.out.println("[attacks] on cgroup v2 in the nested VM: " + onV2);
    }

    @Test
    void anUnknownKeyIsAnErrorNotASilentlySkippedExpectation(@TempDir Path dir) throws Exception {
        Path typo = Files.writeString(dir.resolve("99-typo.py"), """
                # fenrir-attack: a header with a misspelt key must not pass with one expectation fewer
                # expect-verdict: OK
                # expect-stdot: DONE
                print("DONE")
                """);

        assertThatThrownBy(() -> Attack.parse(typo)).hasMessageContaining("unknown header key 'expect-stdot'");
    }

    @Test
    void onCgroupV2LinesReplaceTheExpectationsTheyNameThereAndNothingOnV1(@TempDir Path dir) throws Exception {
        Path gap = Files.writeString(dir.resolve("98-gap.c"), """
                // fenrir-attack: a weakness of cgroup v1 that cgroup v2 does not have, so v2 expects otherwise
                // expect-verdict: OK
                // expect-stdout: DONE
                // expect-stdout: ESCAPED
                // expect-stderr: kept
                // known-gap: v1 only
                // on-cgroup-v2: expect-verdict: MEMORY_LIMIT|OK
                // on-cgroup-v2: expect-stdout-not: ESCAPED
                // on-cgroup-v2: expect-stdout: DONE
                // on-cgroup-v2: known-gap:
                int main(void) { return 0; }
                """);

        Attack.Expected v1 = Attack.parse(gap, CgroupVersion.V1).expected();
        Attack.Expected v2 = Attack.parse(gap, CgroupVersion.V2).expected();

        assertThat(v1.verdicts()).containsExactly("OK");
        assertThat(v1.contains()).containsEntry("stdout", List.of("DONE", "ESCAPED"));
        assertThat(v1.absent()).isEmpty();
        assertThat(v1.description()).contains("KNOWN GAP: v1 only");
        assertThat(v2.verdicts()).containsExactlyInAnyOrder("MEMORY_LIMIT", "OK");
        assertThat(v2.contains()).containsEntry("stdout", List.of("DONE")).containsEntry("stderr", List.of("kept"));
        assertThat(v2.absent()).containsEntry("stdout", List.of("ESCAPED"));
        assertThat(v2.description()).doesNotContain("KNOWN GAP");
    }

    @Test
    void onCgroupV2ChangesExpectationsOnlyNeverWhatTheJobIsSent(@TempDir Path dir) throws Exception {
        Path limits = Files.writeString(dir.resolve("97-limits.py"), """
                # fenrir-attack: a job must be the same job on both hierarchies, only its expected end may differ
                # expect-verdict: OK
                # on-cgroup-v2: limits: memoryMb=64
                print("DONE")
                """);

        assertThatThrownBy(() -> Attack.parse(limits)).hasMessageContaining("'on-cgroup-v2:' takes one of");
    }
}
