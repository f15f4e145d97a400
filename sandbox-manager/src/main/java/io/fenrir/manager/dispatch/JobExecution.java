package io.fenrir.manager.dispatch;

import io.fenrir.agent.v1.StepResult;
import io.fenrir.core.job.JobMessage;
import io.fenrir.manager.pool.Worker;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs one job on one worker and says what came of it. */
public interface JobExecution {

    /**
     * @throws AttemptFailure        when the job could not be run; its kind says whether to try again
     * @throws JobCancelledException when the job was cancelled while it ran (its run was stopped)
     */
    Result run(Worker worker, JobMessage job) throws AttemptFailure, JobCancelledException;

    /**
     * What the agent reported: each executed step's result in order, the run step's output, the
     * compile step's output (both of its streams, in arrival order), each step's time span, whether
     * the worker may take another job (empty: it may; otherwise why not), and for a job with tests
     * the output of each test's run, by test index (a test that did not run has none).
     */
    record Result(List<StepResult> steps, byte[] stdout, byte[] stderr, byte[] compileOutput, List<Span> spans,
            Optional<String> notReusableBecause, Map<Integer, Output> testOutputs) {

        public Result {
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("a result has at least one step");
            }
            testOutputs = Map.copyOf(testOutputs);
        }

        /** The result of a job without tests. */
        public Result(List<StepResult> steps, byte[] stdout, byte[] stderr, byte[] compileOutput, List<Span> spans,
                Optional<String> notReusableBecause) {
            this(steps, stdout, stderr, compileOutput, spans, notReusableBecause, Map.of());
        }

        /** The last executed step's result: the one the verdict is derived from. */
        public StepResult last() {
            return steps.get(steps.size() - 1);
        }
    }

    /** One step's two streams, as the agent kept them (each capped at the step's outputBytes). */
    record Output(byte[] stdout, byte[] stderr) {
    }

    /** A step's time span: it ended when its result arrived, and lasted the wall time the agent measured. */
    record Span(String step, Instant startedAt, Instant endedAt) {
    }
}
