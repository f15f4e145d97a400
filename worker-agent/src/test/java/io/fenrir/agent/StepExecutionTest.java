package io.fenrir.agent;

import static io.fenrir.agent.Requests.file;
import static io.fenrir.agent.Requests.step;
import static io.fenrir.agent.Requests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.fenrir.agent.v1.OutputChunk;
import io.fenrir.agent.v1.RunEvent;
import io.fenrir.agent.v1.RunRequest;
import io.fenrir.agent.v1.Step;
import io.fenrir.agent.v1.StepResult;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Steps run as real processes by an agent reached over its Unix socket. */
class StepExecutionTest {

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
    void runsAJobFileAndStreamsItsStdoutBeforeTheResult() {
        RunEvents events = agent.run(RunRequest.newBuilder()
                .setJobId("job-1")
                .addFiles(file("main.py", "print('hello, world')\n"))
                .addSteps(step("run", "python3", "main.py"))
                .build());

        assertThat(events.stdout("run")).isEqualTo("hello, world\n");
        assertThat(events.lastBeforeEnd().getStepResult()).satisfies(result -> {
            assertThat(result.getStep()).isEqualTo("run");
            assertThat(result.getExitCode()).isZero();
            assertThat(result.getSignal()).isZero();
            assertThat(result.getWallTimeExceeded()).isFalse();
            assertThat(result.getStdoutTruncated()).isFalse();
        });
    }

    @Test
    void passesStdinToAStepThatAttachesIt() {
        RunEvents events = agent.run(RunRequest.newBuilder()
                .setStdin(utf8("hello\n"))
                .addSteps(step("run", "python3", "-c", "import sys; sys.stdout.write(sys.stdin.read().upper())")
                        .toBuilder().setAttachStdin(true))
                .build());

        assertThat(events.stdout("run")).isEqualTo("HELLO\n");
    }

    @Test
    void streamsAStdinLargerThanAPipeBufferThroughAProgram() {
        String input = "0123456789abcdef\n".repeat(64 * 1024);
        RunEvents events = agent.run(RunRequest.newBuilder()
                .setStdin(utf8(input))
                .addSteps(step("run", Requests.WALL_MS, input.length(), "cat").toBuilder().setAttachStdin(true))
                .build());

        assertThat(events.stdout("run")).isEqualTo(input);
        assertThat(events.result("run").getStdoutTruncated()).isFalse();
    }

    @Test
    void finishesAStepThatIgnoresTheStdinItWasGiven() {
        RunEvents events = agent.run(RunRequest.newBuilder()
                .setStdin(utf8("x".repeat(1 << 20)))
                .addSteps(step("run", "true").toBuilder().setAttachStdin(true))
                .build());

        assertThat(events.result("run").getExitCode()).isZero();
    }

    @Test
    void givesAStepThatDoesNotAttachStdinAnEmptyOne() {
        RunEvents events = agent.run(RunRequest.newBuilder()
                .setStdin(utf8("not for this step\n"))
                .addSteps(step("run", "cat"))
                .build());

        assertThat(events.stdout("run")).isEmpty();
        assertThat(events.result("run").getExitCode()).isZero();
    }

    @Test
    void passesArgumentsLiterallyWithoutAShell() {
        RunEvents events = agent.run(RunRequest.newBuilder()
                .addSteps(step("run", "python3", "-c", "import sys; print(sys.argv[1:])",
                        "x; rm -rf nothing", "$HOME", "*", "a b"))
                .build());

        assertThat(events.stdout("run")).isEqualTo("['x; rm -rf nothing', '$HOME', '*', 'a b']\n");
    }

    @Test
    void runsStepsInTheWorkDirectoryWithOnlyTheFixedEnvironment() throws Exception {
        RunEvents events = agent.run(RunRequest.newBuilder()
                .addSteps(step("compile", "pwd"))
                .addSteps(step("run", "env"))
                .build());

        // Each job gets a directory of its own under the work directory.
        Path jobDir = agent.workdir.resolve("job-1");
        assertThat(events.stdout("compile")).isEqualTo(agent.workdir.toRealPath().resolve("job-1") + "\n");
        assertThat(events.stdout("run").lines().sorted()).containsExactly(
                "HOME=" + jobDir,
                "LANG=C.UTF-8",
                "PATH=/usr/local/bin:/usr/bin:/bin");
    }

    @Test
    void reportsTheExitCodeOfAFailingStep() {
        RunEvents events = agent.run(RunRequest.newBuilder().addSteps(step("run", "sh", "-c", "exit 7")).build());

        assertThat(events.result("run").getExitCode()).isEqualTo(7);
        assertThat(events.result("run").getSignal()).isZero();
    }

    @Test
    void reportsTheSignalThatKilledAStep() {
        RunEvents events = agent.run(RunRequest.newBuilder()
                .addSteps(step("run", "sh", "-c", "kill -SEGV $$"))
                .build());

        assertThat(events.result("run").getSignal()).isEqualTo(11);
        assertThat(events.result("run").getExitCode()).isEqualTo(-1);
    }

    @Test
    void stopsAtTheFirstStepThatFails() {
        RunEvents events = agent.run(RunRequest.newBuilder()
                .addSteps(step("compile", "sh", "-c", "echo compiling; exit 3"))
                .addSteps(step("run", "echo", "must not run"))
                .build());

        assertThat(events.results()).extracting(StepResult::getStep).containsExactly("compile");
        assertThat(events.result("compile").getExitCode()).isEqualTo(3);
        assertThat(events.stdout("compile")).isEqualTo("compiling\n");
        assertThat(events.stdout("run")).isEmpty();
    }

    @Test
    void testRunsEachReadTheirOwnStdinAndAFailingOneDoesNotStopTheNext() {
        RunEvents events = agent.run(RunRequest.newBuilder()
                .setStdin(ByteString.copyFromUtf8("the job's stdin"))
                .addSteps(step("test-0", "sh", "-c", "read x; echo got $x; exit 4").toBuilder()
                        .setStdin(ByteString.copyFromUtf8("one\n")).setContinueOnFailure(true))
                .addSteps(step("test-1", "sh", "-c", "read x; echo got $x").toBuilder()
                        .setStdin(ByteString.copyFromUtf8("two\n")).setContinueOnFailure(true))
                .build());

        assertThat(events.results()).extracting(StepResult::getStep).containsExactly("test-0", "test-1");
        assertThat(events.result("test-0").getExitCode()).isEqualTo(4);
        assertThat(events.stdout("test-0")).isEqualTo("got one\n");
        assertThat(events.stdout("test-1")).isEqualTo("got two\n");
    }

    @Test
    void runsTheNextStepAfterOneThatPasses() {
        RunEvents events = agent.run(RunRequest.newBuilder()
                .addSteps(step("compile", "true"))
                .addSteps(step("run", "echo", "ran"))
                .build());

        assertThat(events.results()).extracting(StepResult::getStep).containsExactly("compile", "run");
        assertThat(events.stdout("run")).isEqualTo("ran\n");
    }

    @Test
    void endsAStepWhoseStdoutPassesTheLimitAndKeepsExactlyTheLimit() {
        long limit = 100_000;
        // An endless writer: without the output limit it would run until its wall limit.
        RunEvents events = agent.run(RunRequest.newBuilder()
                .addSteps(step("run", Requests.WALL_MS, limit, "cat", "/dev/zero"))
                .build());

        assertThat(events.bytes("run", OutputChunk.Stream.STDOUT)).hasSize((int) limit);
        assertThat(events.chunks("run", OutputChunk.Stream.STDOUT))
                .allSatisfy(chunk -> assertThat(chunk.getData().size()).isBetween(1, OutputPump.MAX_CHUNK_BYTES));
        StepResult result = events.result("run");
        assertThat(result.getStdoutTruncated()).isTrue();
        assertThat(result.getStderrTruncated()).isFalse();
        assertThat(result.getOutputLimitExceeded()).isTrue();
        assertThat(result.getSignal()).isEqualTo(9);
        assertThat(result.getWallTimeExceeded()).isFalse();
        assertThat(result.getWallMs()).isLessThan(Requests.WALL_MS);
    }

    @Test
    void keepsStderrApartFromStdout() {
        RunEvents events = agent.run(RunRequest.newBuilder()
                .addSteps(step("run", "sh", "-c", "echo out; echo err >&2"))
                .build());

        assertThat(events.stdout("run")).isEqualTo("out\n");
        assertThat(events.stderr("run")).isEqualTo("err\n");
    }

    @Test
    void killsTheWholeProcessTreeOfAStepThatPassesItsWallLimit() throws Exception {
        long started = System.nanoTime();
        RunEvents events = agent.run(RunRequest.newBuilder()
                .addSteps(step("run", 500, Requests.OUTPUT_BYTES,
                        "sh", "-c", "sleep 1000 & echo $!; wait"))
                .build());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        StepResult result = events.result("run");
        assertThat(result.getWallTimeExceeded()).isTrue();
        assertThat(result.getSignal()).isEqualTo(9);
        assertThat(result.getExitCode()).isEqualTo(-1);
        assertThat(result.getWallMs()).isBetween(500L, 5_000L);
        long sleeper = Long.parseLong(events.stdout("run").trim());
        assertDiesWithin(sleeper, Duration.ofSeconds(5));
    }

    @Test
    void doesNotWaitForABackgroundProcessThatHoldsTheOutputPipe() throws Exception {
        long started = System.nanoTime();
        RunEvents events;
        try {
            events = agent.run(RunRequest.newBuilder()
                    .addSteps(step("run", "sh", "-c", "sleep 1000 & echo $! > " + directory.resolve("orphan.pid") + "; echo hi"))
                    .build());
        } finally {
            killOrphanedSleep(directory.resolve("orphan.pid"));
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(events.stdout("run")).isEqualTo("hi\n");
        assertThat(events.result("run").getExitCode()).isZero();
    }

    @Test
    void killsTheRunningStepWhenTheClientCancels() throws Exception {
        Step sleeper = step("run", "sh", "-c", "echo $$; exec sleep 1000");
        Context.CancellableContext call = Context.current().withCancellation();
        long pid;
        try {
            Iterator<RunEvent> stream = call.call(() -> agent.client().run(RunRequest.newBuilder().addSteps(sleeper).build()));
            RunEvent first = stream.next();
            pid = Long.parseLong(first.getOutput().getData().toString(StandardCharsets.UTF_8).trim());
        } finally {
            call.cancel(null);
        }

        assertDiesWithin(pid, Duration.ofSeconds(5));
    }

    @Test
    void refusesAStepWhoseProgramIsNotOnPath() {
        assertThatThrownBy(() -> agent.run(RunRequest.newBuilder()
                .addSteps(step("run", "no-such-program-anywhere"))
                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).startsWith("failed to start step run: ");
                });
    }

    private static void assertDiesWithin(long pid, Duration timeout) throws Exception {
        var process = ProcessHandle.of(pid);
        if (process.isPresent()) {
            process.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Outside a container the agent is not the orphan's parent and cannot kill it (see
     * ProcessTree.killLeftovers); the test cleans up after itself.
     */
    private static void killOrphanedSleep(Path pidFile) throws Exception {
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle.of(pid)
                .filter(process -> process.info().command().map(command -> command.endsWith("/sleep")).orElse(false))
                .ifPresent(ProcessHandle::destroyForcibly);
    }
}
