package io.fenrir.agent;

import com.google.protobuf.ByteString;
import io.fenrir.agent.v1.RunEnd;
import io.fenrir.agent.v1.RunEvent;
import io.fenrir.agent.v1.RunRequest;
import io.fenrir.agent.v1.Step;
import io.fenrir.agent.v1.StepLimits;
import io.fenrir.agent.v1.StepResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One job, as one Run asked for it: its files written into a fresh job directory, then its steps in
 * order until one fails (exits non-zero, dies of a signal or passes one of its limits) that does not
 * say to continue on failure (a test's run), each in a
 * fresh sandbox and a fresh cgroup of its own. Every executed step ends with its result event, sent
 * after all of its output. {@link #end()} then removes what the job had and says whether the worker
 * may serve another job.
 */
final class Job {

    /** Memory a step needs beyond the job's files to be started at all: bwrap and a small program. */
    private static final long MIN_STEP_MEMORY_BYTES = 4L << 20;

    private final RunRequest request;
    private final JobDirectory directory;
    private final Optional<Path> cgroupRoot;
    private final StepRunner steps;
    private final RunEventSink events;
    private final RunTrace trace;
    private final List<String> leftovers = new ArrayList<>();

    Job(RunRequest request, JobDirectory directory, Optional<Path> cgroupRoot, StepRunner steps, RunEventSink events,
            RunTrace trace) {
        this.request = request;
        this.directory = directory;
        this.cgroupRoot = cgroupRoot;
        this.steps = steps;
        this.events = events;
        this.trace = trace;
    }

    void run() throws AgentException {
        new JobFiles(directory.path()).write(request.getFilesList());
        for (Step step : request.getStepsList()) {
            if (steps.stopped()) {
                return;
            }
            ByteString stdin = step.hasStdin() ? step.getStdin()
                    : step.getAttachStdin() ? request.getStdin() : ByteString.EMPTY;
            StepResult result;
            try (RunTrace.StepSpan span = trace.step(step.getName())) {
                result = runInCgroup(step, stdin);
                span.record(result);
            }
            events.send(RunEvent.newBuilder().setStepResult(result).build());
            if (!passed(result) && !step.getContinueOnFailure()) {
                return;
            }
        }
    }

    private StepResult runInCgroup(Step step, ByteString stdin) throws AgentException {
        if (cgroupRoot.isEmpty()) {
            return steps.run(step, stdin, directory.path(), Optional.empty());
        }
        // What earlier steps left in the job directory sits in memory charged elsewhere: this step pays for it.
        long left = step.getLimits().getMemoryBytes() - directory.bytesUsed();
        if (left < MIN_STEP_MEMORY_BYTES) {
            // The job's files alone fill its memory: the step cannot run within its limit.
            return StepResult.newBuilder().setStep(step.getName()).setExitCode(-1).setMemoryLimitExceeded(true).build();
        }
        StepLimits limits = step.getLimits().toBuilder().setMemoryBytes(left).build();
        StepCgroup cgroup = StepCgroup.create(cgroupRoot.get(), directory.path().getFileName() + "-" + step.getName(),
                limits);
        try {
            return steps.run(step, stdin, directory.path(), Optional.of(cgroup));
        } finally {
            try {
                if (!cgroup.remove()) {
                    leftovers.add("the cgroup of step " + step.getName() + " could not be removed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                leftovers.add("interrupted while removing the cgroup of step " + step.getName());
            }
        }
    }

    /**
     * Removes the job's directory and reports whether the worker may serve another job. Call once,
     * after {@link #run()}, however it ended; {@code agentFailed}: the agent itself failed the job.
     */
    RunEnd end(boolean agentFailed) {
        List<String> reasons = new ArrayList<>(leftovers);
        steps.leftovers().ifPresent(reasons::add);
        if (agentFailed) {
            reasons.add("the agent failed the job");
        }
        try {
            if (!directory.remove()) {
                reasons.add("the job directory " + directory.path() + " could not be removed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reasons.add("interrupted while removing the job directory");
        }
        return RunEnd.newBuilder().setReusable(reasons.isEmpty()).setNotReusableBecause(String.join("; ", reasons))
                .build();
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
