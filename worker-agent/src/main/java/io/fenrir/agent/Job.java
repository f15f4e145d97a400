package io.fenrir.agent;

import com.google.protobuf.ByteString;
import io.fenrir.agent.v1.RunEvent;
import io.fenrir.agent.v1.RunRequest;
import io.fenrir.agent.v1.Step;
import io.fenrir.agent.v1.StepResult;
import java.util.Optional;

/**
 * One job, as one Run asked for it: its files written, then its steps in order until one fails
 * (exits non-zero, dies of a signal or passes one of its limits). Every executed step ends with its
 * result event, sent after all of its output.
 */
final class Job {

    private final RunRequest request;
    private final JobFiles files;
    private final StepRunner steps;
    private final RunEventSink events;
    private final RunTrace trace;

    Job(RunRequest request, JobFiles files, StepRunner steps, RunEventSink events, RunTrace trace) {
        this.request = request;
        this.files = files;
        this.steps = steps;
        this.events = events;
        this.trace = trace;
    }

    void run() throws AgentException {
        StepValidation.check(request.getStepsList());
        files.write(request.getFilesList());
        for (Step step : request.getStepsList()) {
            if (steps.stopped()) {
                return;
            }
            ByteString stdin = step.getAttachStdin() ? request.getStdin() : ByteString.EMPTY;
            StepResult result;
            try (RunTrace.StepSpan span = trace.step(step.getName())) {
                result = steps.run(step, stdin);
                span.record(result);
            }
            events.send(RunEvent.newBuilder().setStepResult(result).build());
            if (!passed(result)) {
                return;
            }
        }
    }

    /**
     * Ends the job's trace (as failed when the agent itself failed: {@code failure}); the event with
     * its spans, when the Run was traced. Call once, after {@link #run()}.
     */
    Optional<RunEvent> endTrace(Optional<String> failure) {
        return trace.end(failure);
    }

    /** Kills the running step and runs no further one; the caller has gone away. */
    void cancel() {
        steps.stop();
    }

    private static boolean passed(StepResult result) {
        return result.getExitCode() == 0 && result.getSignal() == 0 && !result.getWallTimeExceeded()
                && !result.getCpuTimeExceeded() && !result.getOutputLimitExceeded()
                && !result.getMemoryLimitExceeded();
    }
}
