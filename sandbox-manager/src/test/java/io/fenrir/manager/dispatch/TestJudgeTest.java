package io.fenrir.manager.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fenrir.agent.v1.StepResult;
import io.fenrir.core.job.Comparison;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.Limits;
import io.fenrir.core.job.Outcome;
import io.fenrir.core.job.SourceFile;
import io.fenrir.core.job.TestCase;
import io.fenrir.core.job.TestResult;
import io.fenrir.core.job.Tests;
import io.fenrir.core.job.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestJudgeTest {
    private static final List<TestCase> CASES = List.of(new TestCase("1 2\n", "3\n", null),
            new TestCase("2 2\n", "4\n", null), new TestCase("0 0\n", "0\n", null));

    @Test
    void eachTestIsJudgedByItsRunAndItsOutputAndTheJobByTheFirstThatFailed() {
        Outcome outcome = judge(false, run(0, 0, "3 \n", 10, 5, 8000), run(1, 0, "5\n", 30, 20, 9000),
                run(2, 1, "", 20, 10, 7000));

        assertThat(outcome.tests()).extracting(TestResult::verdict)
                .containsExactly(Verdict.OK, Verdict.WRONG_ANSWER, Verdict.RUNTIME_ERROR);
        assertThat(outcome.verdict()).isEqualTo(Verdict.WRONG_ANSWER);
        assertThat(outcome.testsPassed()).isEqualTo(1);
        // The job's figures are the most any test used; its exit code the first failing test's.
        assertThat(outcome.wallMs()).isEqualTo(30);
        assertThat(outcome.cpuMs()).isEqualTo(20);
        assertThat(outcome.memoryPeakKb()).isEqualTo(9000);
        assertThat(outcome.exitCode()).isZero();
    }

    @Test
    void allPassingIsOk() {
        Outcome outcome = judge(false, run(0, 0, "3\n", 1, 1, 1024), run(1, 0, "4", 1, 1, 1024),
                run(2, 0, "0\n\n", 1, 1, 1024));

        assertThat(outcome.verdict()).isEqualTo(Verdict.OK);
        assertThat(outcome.testsPassed()).isEqualTo(3);
    }

    @Test
    void stoppingOnTheFirstFailureSkipsTheTestsAfterIt() {
        // A wrong answer does not stop the agent (the run itself succeeded): its later runs are not judged.
        Outcome outcome = judge(true, run(0, 0, "3\n", 1, 1, 1024), run(1, 0, "5\n", 1, 1, 1024),
                run(2, 0, "0\n", 1, 1, 1024));

        assertThat(outcome.tests()).extracting(TestResult::verdict)
                .containsExactly(Verdict.OK, Verdict.WRONG_ANSWER, Verdict.SKIPPED);
        assertThat(outcome.verdict()).isEqualTo(Verdict.WRONG_ANSWER);
    }

    @Test
    void testsTheAgentDidNotRunAreSkipped() {
        // The agent stopped after a run that failed (stopOnFirstFailure): no result for the last test.
        Outcome outcome = judge(true, run(0, 0, "3\n", 1, 1, 1024), run(1, 139, "", 1, 1, 1024));

        assertThat(outcome.tests()).extracting(TestResult::verdict)
                .containsExactly(Verdict.OK, Verdict.RUNTIME_ERROR, Verdict.SKIPPED);
        assertThat(outcome.verdict()).isEqualTo(Verdict.RUNTIME_ERROR);
        assertThat(outcome.exitCode()).isEqualTo(139);
    }

    @Test
    void aCompileErrorJudgesNoTest() {
        StepResult compile = StepResult.newBuilder().setStep(AgentExecution.COMPILE_STEP).setExitCode(1).build();
        Outcome outcome = TestJudge.outcome(job(false), new JobExecution.Result(List.of(compile), new byte[0],
                new byte[0], "error".getBytes(StandardCharsets.UTF_8), List.of(), Optional.empty()), 1, Instant.now());

        assertThat(outcome.verdict()).isEqualTo(Verdict.COMPILE_ERROR);
        assertThat(outcome.tests()).extracting(TestResult::verdict).containsOnly(Verdict.SKIPPED).hasSize(3);
        assertThat(outcome.testsPassed()).isZero();
    }

    /** Test {@code index}'s run as the agent reports it, with its stdout. */
    private record Run(int index, StepResult result, String stdout) {
    }

    private static Run run(int index, int exitCode, String stdout, long wallMs, long cpuMs, long memoryKb) {
        return new Run(index, StepResult.newBuilder().setStep(AgentExecution.testStep(index)).setExitCode(exitCode)
                .setWallMs(wallMs).setCpuMs(cpuMs).setMemoryPeakBytes(memoryKb * 1024).build(), stdout);
    }

    private static Outcome judge(boolean stopOnFirstFailure, Run... runs) {
        List<StepResult> steps = new ArrayList<>();
        Map<Integer, JobExecution.Output> outputs = new HashMap<>();
        for (Run run : runs) {
            steps.add(run.result());
            outputs.put(run.index(), new JobExecution.Output(run.stdout().getBytes(StandardCharsets.UTF_8), new byte[0]));
        }
        return TestJudge.outcome(job(stopOnFirstFailure), new JobExecution.Result(steps, new byte[0], new byte[0],
                new byte[0], List.of(), Optional.empty(), outputs), 1, Instant.now());
    }

    private static JobMessage job(boolean stopOnFirstFailure) {
        return new JobMessage("job-1", "python", List.of(new SourceFile("main.py", new byte[0])), "", List.of(),
                List.of(), new Limits(1000, 2000, 64, 16, 65536, 1 << 20), Instant.now(),
                new Tests(CASES, Comparison.of(Comparison.Mode.TRIM_TRAILING_WHITESPACE), stopOnFirstFailure), null);
    }
}
