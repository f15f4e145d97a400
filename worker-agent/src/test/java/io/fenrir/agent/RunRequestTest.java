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
    void refusesASecondRun() {
        RunRequest request = RunRequest.newBuilder().addSteps(step("run", "true")).build();
        agent.run(request);

        assertFailsWith(Status.Code.FAILED_PRECONDITION, () -> agent.run(request));
    }

    @Test
    void refusesASecondRunEvenAfterTheFirstWasInvalid() {
        assertFailsWith(Status.Code.INVALID_ARGUMENT, () -> agent.run(RunRequest.getDefaultInstance()));

        assertFailsWith(Status.Code.FAILED_PRECONDITION,
                () -> agent.run(RunRequest.newBuilder().addSteps(step("run", "true")).build()));
    }

    private static void assertFailsWith(Status.Code code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).startsWith("failed to ");
        });
    }
}
