package io.fenrir.agent;

import static io.fenrir.agent.Requests.file;
import static io.fenrir.agent.Requests.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fenrir.agent.v1.File;
import io.fenrir.agent.v1.RunRequest;
import io.fenrir.agent.v1.Step;
import io.fenrir.core.job.JobRuleCases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Core's shared cases of {@link io.fenrir.core.job.JobRules}, which the API's validator walks too: the
 * agent refuses exactly the jobs the API refuses for breaking them.
 */
class SharedJobRulesTest {

    @TempDir
    Path workdir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.fenrir.core.job.JobRuleCases#fileNames")
    void eachCaseOfFileNamesIsWrittenOrRefusedBeforeAnythingIsWritten(JobRuleCases.FileNames job) throws Exception {
        List<File> files = job.names().stream().map(name -> file(name, "content of " + name)).toList();

        if (job.broken().isPresent()) {
            assertInvalidArgument(() -> new JobFiles(workdir).write(files));
            assertThat(workdir).isEmptyDirectory();
        } else {
            new JobFiles(workdir).write(files);
            for (String name : job.names()) {
                assertThat(workdir.resolve(name)).hasContent("content of " + name);
            }
            try (var written = Files.list(workdir)) {
                assertThat(written).hasSize(job.names().size());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.fenrir.core.job.JobRuleCases#arguments")
    void eachArgumentIsAcceptedOrRefused(JobRuleCases.Argument argument) {
        List<Step> steps = List.of(step("run", "printf", "%s", argument.value()));

        if (argument.valid()) {
            assertThatNoException().isThrownBy(() -> StepValidation.check(steps));
        } else {
            assertInvalidArgument(() -> StepValidation.check(steps));
        }
    }

    @Test
    void everyValidArgumentReachesTheProgramAsSent(@TempDir Path directory) throws Exception {
        List<String> valid = JobRuleCases.arguments().stream().filter(JobRuleCases.Argument::valid)
                .map(JobRuleCases.Argument::value).toList();
        // Each argument printed with a NUL after it, which no valid argument holds; "sh" is the script's $0.
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "for a; do printf '%s\\0' \"$a\"; done", "sh"));
        argv.addAll(valid);

        try (RunningAgent agent = RunningAgent.start(directory)) {
            RunEvents events = agent.run(RunRequest.newBuilder().addSteps(step("run", argv.toArray(String[]::new))).build());

            assertThat(events.stdout("run")).isEqualTo(String.join("\0", valid) + "\0");
        }
    }

    private static void assertInvalidArgument(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.kind()).isEqualTo(AgentException.Kind.INVALID_ARGUMENT));
    }
}
