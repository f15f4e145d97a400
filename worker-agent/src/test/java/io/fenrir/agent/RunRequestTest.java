package io.fenrir.agent;

import static io.fenrir.agent.Requests.file;
import static io.fenrir.agent.Requests.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fenrir.agent.v1.RunRequest;
import io.fenrir.agent.v1.Step;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the agent accepts and refuses, seen through its gRPC interface. */
class RunRequestTest {

    @TempDir
    Path directory;

    private RunningAgent agent;

    @BeforeEach
    void startAgent() throws Exception {
        agent = RunningAgent.start(directory);
    }

    @AfterEach
    void stopAgent() throws Exception {
        agent.close();
    }

    @Test
    void answersHealthWithItsVersion() {
        assertThat(agent.health().getAgentVersion()).isEqualTo("unpackaged");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../escape", "a/b", "/etc/passwd", "nul\0byte", "..hidden"})
    void refusesAFileNameThatIsNotOnePlainComponent(String name) throws Exception {
        assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> agent.run(RunRequest.newBuilder()
                .addFiles(file("main.py", "print('x')"))
                .addFiles(file(name, "x"))
                .addSteps(step("run", "touch", "ran"))
                .build()));

        assertThat(agent.workdir).isEmptyDirectory();
        assertThat(Files.exists(directory.resolve("escape"))).isFalse();
    }

    @Test
    void refusesTheSameFileNameTwice() {
        assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> agent.run(RunRequest.newBuilder()
                .addFiles(file("main.py", "first"))
                .addFiles(file("main.py", "second"))
                .addSteps(step("run", "touch", "ran"))
                .build()));

        assertThat(agent.workdir).isEmptyDirectory();
    }

    @Test
    void refusesARunWithoutSteps() {
        assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> agent.run(RunRequest.getDefaultInstance()));
    }

    @Test
    void refusesAStepWithoutLimits() {
        Step unlimited = Step.newBuilder().setName("run").addArgv("true").build();

        assertFailsWith(Status.Code.INVALID_ARGUMENT,
                () -> agent.run(RunRequest.newBuilder().addSteps(unlimited).build()));
    }

    @Test
    void refusesAStepWithoutAProgram() {
        assertFailsWith(Status.Code.INVALID_ARGUMENT,
                () -> agent.run(RunRequest.newBuilder().addSteps(step("run")).build()));
    }

    @Test
    void servesJobsOneAfterAnotherEachInAFreshDirectoryRemovedAfterwards() {
        RunRequest first = RunRequest.newBuilder().addFiles(file("left.txt", "mine"))
                .addSteps(step("run", "sh", "-c", "echo behind > planted; ls")).build();
        RunRequest second = RunRequest.newBuilder().addSteps(step("run", "sh", "-c", "ls -A; ls -A ..")).build();

        RunEvents one = agent.run(first);
        RunEvents two = agent.run(second);

        assertThat(one.stdout("run")).isEqualTo("left.txt\nplanted\n");
        assertThat(one.last().getEnd().getReusable()).isTrue();
        // The second job's directory is empty and the first one's is gone.
        assertThat(two.stdout("run")).isEqualTo("job-2\n");
        assertThat(two.last().getEnd().getReusable()).isTrue();
        assertThat(agent.workdir).isEmptyDirectory();
    }

    @Test
    void refusesARunWhileAnotherRuns() throws Exception {
        var running = agent.client().run(RunRequest.newBuilder()
                .addSteps(step("run", "sh", "-c", "echo started; exec sleep 1000")).build());
        running.next(); // the first output chunk: the job is running

        assertFailsWith(Status.Code.FAILED_PRECONDITION,
                () -> agent.run(RunRequest.newBuilder().addSteps(step("run", "true")).build()));
    }

    @Test
    void refusesARunBeforeMakingAnythingOfIt() {
        assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> agent.run(RunRequest.newBuilder()
                .addFiles(file("notes..txt", "x"))
                .addSteps(step("run", "touch", "ran"))
                .build()));
        assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> agent.run(RunRequest.newBuilder()
                .addSteps(step("compile", "touch", "compiled"))
                .addSteps(step("run", "sh", "-c", "ls -A ..").toBuilder().clearLimits())
                .build()));

        // The next job is the agent's first: the refused ones made no job directory, ran no step.
        RunEvents next = agent.run(RunRequest.newBuilder().addSteps(step("run", "sh", "-c", "ls -A ..")).build());
        assertThat(next.stdout("run")).isEqualTo("job-1\n");
        assertThat(next.last().getEnd().getReusable()).isTrue();
    }

    private static void assertFailsWith(Status.Code code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).startsWith("failed to ");
        });
    }
}
