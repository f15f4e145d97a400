package io.fenrir.manager.dispatch;

import com.google.protobuf.ByteString;
import io.fenrir.agent.v1.File;
import io.fenrir.agent.v1.OutputChunk;
import io.fenrir.agent.v1.RunEvent;
import io.fenrir.agent.v1.RunRequest;
import io.fenrir.agent.v1.Step;
import io.fenrir.agent.v1.StepLimits;
import io.fenrir.agent.v1.StepResult;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.Limits;
import io.fenrir.core.job.SourceFile;
import io.fenrir.core.job.TestCase;
import io.fenrir.core.lang.Language;
import io.fenrir.core.lang.Languages;
import io.fenrir.manager.cgroup.WorkerCgroups;
import io.fenrir.manager.containerd.SandboxSpec;
import io.fenrir.manager.pool.Worker;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one job on one worker's agent and collects what it streams back: sends the Run with every
 * step's limits (the agent makes each step's cgroup and sandbox), gathers the output and the agent's
 * word on whether the worker may serve another job. Decides the kind of every failure, once: the
 * agent's INVALID_ARGUMENT (answered before anything ran, by the contract) and an unknown language
 * are permanent; any other end of the call is transient.
 */
public final class AgentExecution implements JobExecution {
    /** Slack on top of the steps' own limits before the manager gives up on the agent itself. */
    private static final Duration AGENT_SLACK = Duration.ofSeconds(30);
    static final String COMPILE_STEP = WorkerCgroups.COMPILE;
    static final String RUN_STEP = WorkerCgroups.RUN;
    /** Test i's run is step "test-i". */
    private static final String TEST_STEP_PREFIX = "test-";

    private final Limits compileLimits;
    private final long cpuQuotaMicros;
    private final Cancellations cancellations;
    private final LiveOutput live;

    /**
     * @param cpuQuotaMicros CPU bandwidth of each step per 100 ms period
     * @param live           where output chunks go as they arrive
     */
    public AgentExecution(Limits compileLimits, long cpuQuotaMicros, Cancellations cancellations, LiveOutput live) {
        this.compileLimits = compileLimits;
        this.cpuQuotaMicros = cpuQuotaMicros;
        this.cancellations = cancellations;
        this.live = live;
    }

    @Override
    public Result run(Worker worker, JobMessage job) throws AttemptFailure, JobCancelledException {
        Language language = Languages.byName(job.language()).orElseThrow(() -> AttemptFailure.permanent(
                "failed to run job " + job.id() + ": unknown language '" + job.language() + "'"));
        RunRequest request = request(job, language);
        // Cancelling the call's context ends the Run stream; the agent then kills the running step.
        Context.CancellableContext call = Context.current().withCancellation();
        AtomicBoolean cancelled = new AtomicBoolean();
        try (Cancellations.Registration registration = cancellations.register(job.id(), () -> {
            cancelled.set(true);
            call.cancel(null);
        })) {
            return call.call(() -> collect(worker, request));
        } catch (StatusRuntimeException e) {
            if (cancelled.get()) {
                throw new JobCancelledException(job.id());
            }
            if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                throw AttemptFailure.permanent("the agent refused job " + job.id() + ": "
                        + e.getStatus().getDescription(), e);
            }
            throw AttemptFailure.transientFailure("failed to run job " + job.id() + " on worker " + worker.id()
                    + ": " + e.getStatus(), e);
        } catch (Exception e) {
            throw AttemptFailure.transientFailure("failed to run job " + job.id() + " on worker " + worker.id()
                    + ": " + e.getMessage(), e);
        } finally {
            call.cancel(null);
        }
    }

    private Result collect(Worker worker, RunRequest request) {
        ByteArrayOutputStream compileOutput = new ByteArrayOutputStream();
        Map<String, ByteArrayOutputStream[]> streams = new HashMap<>();
        List<StepResult> steps = new ArrayList<>();
        List<Span> spans = new ArrayList<>();
        Optional<String> notReusable = Optional.of("the agent's Run ended without a RunEnd");
        long deadlineMs = AGENT_SLACK.toMillis()
                + request.getStepsList().stream().mapToLong(step -> step.getLimits().getWallMs()).sum();
        Iterator<RunEvent> events = worker.agent().withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS).run(request);
        while (events.hasNext()) {
            RunEvent event = events.next();
            if (event.hasOutput()) {
                OutputChunk chunk = event.getOutput();
                boolean compile = COMPILE_STEP.equals(chunk.getStep());
                boolean stderr = chunk.getStream() == OutputChunk.Stream.STDERR;
                ByteArrayOutputStream sink = compile ? compileOutput : streamsOf(streams, chunk.getStep())[stderr ? 1 : 0];
                byte[] data = chunk.getData().toByteArray();
                sink.writeBytes(data);
                live.chunk(request.getJobId(), chunk.getStep(), compile ? "compile-output" : stderr ? "stderr" : "stdout",
                        data);
            } else if (event.hasStepResult()) {
                StepResult result = event.getStepResult();
                steps.add(result);
                Instant ended = Instant.now();
                spans.add(new Span(result.getStep(), ended.minusMillis(result.getWallMs()), ended));
            } else if (event.hasEnd()) {
                notReusable = event.getEnd().getReusable() ? Optional.empty()
                        : Optional.of(event.getEnd().getNotReusableBecause());
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalStateException("agent of worker " + worker.id() + " ended the run without a result");
        }
        ByteArrayOutputStream[] run = streamsOf(streams, RUN_STEP);
        Map<Integer, Output> tests = new HashMap<>();
        for (StepResult step : steps) {
            testIndex(step.getStep()).ifPresent(index -> {
                ByteArrayOutputStream[] test = streamsOf(streams, step.getStep());
                tests.put(index, new Output(test[0].toByteArray(), test[1].toByteArray()));
            });
        }
        return new Result(List.copyOf(steps), run[0].toByteArray(), run[1].toByteArray(), compileOutput.toByteArray(),
                List.copyOf(spans), notReusable, tests);
    }

    /** A step's stdout and stderr sinks. */
    private static ByteArrayOutputStream[] streamsOf(Map<String, ByteArrayOutputStream[]> streams, String step) {
        return streams.computeIfAbsent(step, name -> new ByteArrayOutputStream[] {new ByteArrayOutputStream(),
                new ByteArrayOutputStream()});
    }

    /** The name of test {@code index}'s run step. */
    static String testStep(int index) {
        return TEST_STEP_PREFIX + index;
    }

    /** The test index a step's name gives, if it is a test's run. */
    static Optional<Integer> testIndex(String step) {
        if (!step.startsWith(TEST_STEP_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(step.substring(TEST_STEP_PREFIX.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private RunRequest request(JobMessage job, Language language) {
        RunRequest.Builder request = RunRequest.newBuilder()
                .setJobId(job.id())
                .setStdin(ByteString.copyFrom(job.stdinBytes()));
        for (SourceFile file : job.files()) {
            request.addFiles(File.newBuilder().setName(file.name()).setContent(ByteString.copyFrom(file.content())));
        }
        String entry = job.entry().name();
        Optional<List<String>> compile = language.compileArgv(entry, job.compileArgs(), compileLimits.memoryMb());
        compile.ifPresent(argv -> request.addSteps(step(COMPILE_STEP, argv, compileLimits)));
        if (!job.hasTests()) {
            request.addSteps(step(RUN_STEP, language.runArgv(entry, job.args(), job.limits().memoryMb()), job.limits())
                    .toBuilder().setAttachStdin(true));
            return request.build();
        }
        // One run per test, each in its own sandbox, the job's directory read-only so that no run leaves
        // anything for the next; a run that fails stops the rest only when the job asks for that.
        List<TestCase> tests = job.tests().cases();
        for (int i = 0; i < tests.size(); i++) {
            Limits limits = tests.get(i).limitsOr(job.limits());
            request.addSteps(step(testStep(i), language.runArgv(entry, job.args(), limits.memoryMb()), limits)
                    .toBuilder().setStdin(ByteString.copyFromUtf8(tests.get(i).stdin()))
                    .setContinueOnFailure(!job.tests().stopOnFirstFailure()).setReadOnlyWorkDir(true));
        }
        return request.build();
    }

    private Step step(String name, List<String> argv, Limits limits) {
        StepLimits stepLimits = StepLimits.newBuilder()
                .setWallMs((int) limits.wallMs())
                .setCpuMs((int) limits.cpuMs())
                .setOutputBytes(limits.outputBytes())
                .setFileBytes(limits.fileBytes())
                // The whole memory limit may be stack, as on judges: a deep recursion is the program's to choose.
                .setStackBytes(limits.memoryBytes())
                .setMemoryBytes(limits.memoryBytes())
                .setPids(limits.pids())
                .setCpuQuotaMicros((int) cpuQuotaMicros)
                // /tmp and /dev/shm each half the memory limit: their pages count against it, and a
                // program filling one gets ENOSPC before its whole memory is gone.
                .setTmpfsBytes(limits.memoryBytes() / 2)
                .build();
        return Step.newBuilder().setName(name).addAllArgv(argv).setLimits(stepLimits)
                .setUid(name.equals(COMPILE_STEP) ? SandboxSpec.COMPILE_UID : SandboxSpec.RUN_UID).build();
    }
}
