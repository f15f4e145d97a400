package io.fenrir.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * deploy/apparmor/fenrir-worker compiles with the real apparmor_parser without being loaded ({@code -Q -K}),
 * so it is checked on kernels without AppArmor too (this project's machines). Loading it and running a worker
 * under it needs a kernel with AppArmor; the manager refuses to start there unless it is loaded.
 */
@Tag("security")
class AppArmorProfileTest {
    private static final Path PROFILE = Repo.path("deploy/apparmor/fenrir-worker");
    /** The feature set of AppArmor 3.0 kernels, shipped by the apparmor package. */
    private static final Path ABI_3_0 = Path.of("/etc/apparmor.d/abi/3.0");

    private static Path parser;
    private static Path work;

    @BeforeAll
    static void findParser() {
        parser = Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
                        Stream.of("/usr/sbin", "/sbin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "apparmor_parser"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        work = TempDirs.create("fenrir-apparmor-");
    }

    @BeforeEach
    void requireParser() {
        // Per test, not per class: surefire then lists each skipped test with this message.
        assumeTrue(parser != null, "apparmor_parser is not installed, so deploy/apparmor/fenrir-worker is NOT checked:"
                + " install the Debian package apparmor (deploy/install-deps.sh does)");
    }

    @AfterAll
    static void deleteWork() {
        TempDirs.delete(work);
    }

    @Test
    void theProfileCompilesAndIsNamedAsTheManagerExpects() {
        Result compiled = parse("-Q", "-K", PROFILE.toString());
        assertThat(compiled.exitCode()).as(compiled.stderr()).isZero();

        Result names = parse("-N", PROFILE.toString());
        assertThat(names.stdout().strip()).as(names.stderr()).isEqualTo("fenrir-worker");
    }

    @Test
    void everyRuleIsEnforcedOnAKernelWithTheAppArmor30FeatureSet() {
        assumeTrue(Files.isRegularFile(ABI_3_0), ABI_3_0 + " is missing (it comes with the apparmor package)");
        Result compiled = parse("-Q", "-K", "--warn=all", "--kernel-features", ABI_3_0.toString(), PROFILE.toString());
        assertThat(compiled.exitCode()).as(compiled.stderr()).isZero();
        // The parser warns "... rules not enforced" for rules that kernel cannot apply.
        assertThat(compiled.stderr()).doesNotContain("not enforced");
    }

    @Test
    void theCheckRejectsABrokenProfile() throws IOException {
        // The same profile with one misspelt network family: the check above is not vacuous.
        String text = Files.readString(PROFILE);
        assertThat(text).contains("deny network ax25,");
        Path broken = Files.writeString(work.resolve("fenrir-worker-broken"), text.replace("deny network ax25,",
                "deny network ax26,"));

        Result compiled = parse("-Q", "-K", broken.toString());
        assertThat(compiled.exitCode()).isNotZero();
        assertThat(compiled.stderr()).contains("Invalid network entry");
    }

    @Test
    void everyGroupOfRulesSaysWhy() throws IOException {
        // Inside the profile, rules come in groups separated by blank lines; each group carries a comment.
        List<String> lines = Files.readAllLines(PROFILE);
        int start = lines.indexOf(lines.stream().filter(l -> l.startsWith("profile fenrir-worker ")).findFirst()
                .orElseThrow());
        List<String> uncommented = new ArrayList<>();
        List<String> group = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.isBlank() || line.equals("}")) {
                boolean hasRule = group.stream().anyMatch(l -> !l.strip().startsWith("#"));
                boolean hasReason = group.stream().anyMatch(l -> l.strip().startsWith("#") && !l.contains("----"));
                if (hasRule && !hasReason) {
                    uncommented.add(String.join("\n", group));
                }
                group.clear();
            } else {
                group.add(line);
            }
        }
        assertThat(uncommented).as("groups of rules without a comment saying why").isEmpty();
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result parse(String... args) {
        List<String> command = new ArrayList<>(List.of(parser.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(work, "out-", ".txt");
            Path err = Files.createTempFile(work, "err-", ".txt");
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("failed to run " + String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running apparmor_parser", e);
        }
    }
}
