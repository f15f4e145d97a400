package io.fenrir.manager.dispatch;

import io.fenrir.agent.v1.StepResult;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobStatus;
import io.fenrir.core.job.Outcome;
import io.fenrir.core.job.TestResult;
import io.fenrir.core.job.Tests;
import io.fenrir.core.job.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Judges a job's tests from the runs the agent reported: each test's verdict (its run's, or, for a run
 * that ended well, its output held against the expected one), and the job's: the first failing test's,
 * or OK. The comparison happens here, on the host, not in the sandbox that produced the output.
 */
final class TestJudge {

    private TestJudge() {
    }

    static Outcome outcome(JobMessage job, JobExecution.Result result, int attempt, Instant startedAt) {
        Tests tests = job.tests();
        StepResult last = result.last();
        if (Verdicts.of(last) == Verdict.COMPILE_ERROR) {
            List<TestResult> skipped = new ArrayList<>();
            for (int i = 0; i < tests.cases().size(); i++) {
                skipped.add(TestResult.skipped(i));
            }
            return new Outcome(JobStatus.COMPLETED, Verdict.COMPILE_ERROR, attempt, last.getExitCode(), last.getSignal(),
                    last.getWallMs(), last.getCpuMs(), last.getMemoryPeakBytes() / 1024, false, false, null, startedAt,
                    Instant.now(), skipped);
        }
        Map<Integer, StepResult> runs = new HashMap<>();
        for (StepResult step : result.steps()) {
            AgentExecution.testIndex(step.getStep()).ifPresent(index -> runs.put(index, step));
        }
        List<TestResult> judged = new ArrayList<>();
        TestResult firstFailure = null;
        for (int i = 0; i < tests.cases().size(); i++) {
            StepResult run = runs.get(i);
            if (run == null || (firstFailure != null && tests.stopOnFirstFailure())) {
                judged.add(TestResult.skipped(i));
                continue;
            }
            Verdict verdict = Verdicts.of(run);
            if (verdict == Verdict.OK && !tests.compare().matches(result.testOutputs().get(i).stdout(),
                    tests.cases().get(i).expectedOutput())) {
                verdict = Verdict.WRONG_ANSWER;
            }
            TestResult test = new TestResult(i, verdict, run.getExitCode(), run.getSignal(), run.getWallMs(),
                    run.getCpuMs(), run.getMemoryPeakBytes() / 1024, run.getStdoutTruncated());
            judged.add(test);
            if (firstFailure == null && verdict != Verdict.OK) {
                firstFailure = test;
            }
        }
        List<TestResult> ran = judged.stream().filter(test -> test.verdict() != Verdict.SKIPPED).toList();
        if (ran.isEmpty()) {
            throw new IllegalStateException("the agent ran none of job " + job.id() + "'s tests");
        }
        TestResult decisive = firstFailure != null ? firstFailure : ran.get(ran.size() - 1);
        boolean stdoutTruncated = ran.stream().anyMatch(test -> Boolean.TRUE.equals(test.stdoutTruncated()));
        boolean stderrTruncated = runs.values().stream().anyMatch(StepResult::getStderrTruncated);
        return new Outcome(JobStatus.COMPLETED, firstFailure != null ? firstFailure.verdict() : Verdict.OK, attempt,
                decisive.exitCode(), decisive.signal(), max(ran, TestResult::wallMs), max(ran, TestResult::cpuMs),
                max(ran, TestResult::memoryPeakKb), stdoutTruncated, stderrTruncated, null, startedAt, Instant.now(),
                judged);
    }

    private static long max(List<TestResult> tests, ToLongFunction<TestResult> figure) {
        return tests.stream().mapToLong(figure).max().orElse(0);
    }
}
