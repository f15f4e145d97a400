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
import io.fenrir.core.lang.Language;
import io.fenrir.core.lang.Languages;
import io.fenrir.manager.cgroup.WorkerCgroups;
import io.fenrir.manager.containerd.SandboxSpec;
import io.fenrir.manager.pool.Worker;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one job on one worker's agent and collects what it streams back: sends the Run with every
 * step's limits (the agent makes each step's cgroup and sandbox), gathers the output and the agent's
 * word on whether the worker may serve another job.
 */
final class Execution {
    /** Slack on top of the steps' own limits before the manager gives up on the agent itself. */
    private static final Duration AGENT_SLACK = Duration.ofSeconds(30);
    static final String COMPILE_STEP = WorkerCgroups.COMPILE;
    static final String RUN_STEP = WorkerCgroups.RUN;

    /**
     * What the agent reported: each executed step's result in order, the run step's output, the
     * compile step's output (both of its streams, in arrival order), each step's time span, and
     * whether the worker may take another job (empty: it may; otherwise why not).
     */
    record Result(List<StepResult> steps, byte[] stdout, byte[] stderr, byte[] compileOutput, List<Span> spans,
            Optional<String> notReusableBecause) {
        /** The last executed step's result: the one the verdict is derived from. */
        StepResult last() {
            return steps.get(steps.size() - 1);
        }
    }

    /** A step's time span: it ended when its result arrived, and lasted the wall time the agent measured. */
    record Span(String step, Instant startedAt, Instant endedAt) {
    }

    private final Limits compileLimits;
    private final long cpuQuotaMicros;
    private final Cancellations cancellations;

    /** @param cpuQuotaMicros CPU bandwidth of each step per 100 ms period */
    Execution(Limits compileLimits, long cpuQuotaMicros, Cancellations cancellations) {
        this.compileLimits = compileLimits;
        this.cpuQuotaMicros = cpuQuotaMicros;
        this.cancellations = cancellations;
    }

    /**
     * @throws io.grpc.StatusRuntimeException when the agent failed or died (the worker is lost)
     * @throws JobCancelledException when the job was cancelled while it ran (its run was stopped)
     */
    Result run(Worker worker, JobMessage job) throws JobCancelledException {
        Language language = Languages.byName(job.language())
                .orElseThrow(() -> new IllegalArgumentException("unknown language " + job.language()));
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
            throw e;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            call.cancel(null);
        }
    }

    private Result collect(Worker worker, RunRequest request) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ByteArrayOutputStream compileOutput = new ByteArrayOutputStream();
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
                ByteArrayOutputStream sink = COMPILE_STEP.equals(chunk.getStep()) ? compileOutput
                        : chunk.getStream() == OutputChunk.Stream.STDERR ? stderr : stdout;
                sink.writeBytes(chunk.getData().toByteArray());
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
        return new Result(List.copyOf(steps), stdout.toByteArray(), stderr.toByteArray(), compileOutput.toByteArray(),
                List.copyOf(spans), notReusable);
    }

    private RunRequest request(JobMessage job, Language language) {
        RunRequest.Builder request = RunRequest.newBuilder()
                .setJobId(job.id())
                .setStdin(ByteString.copyFromUtf8(job.stdin()));
        for (SourceFile file : job.files()) {
            request.addFiles(File.newBuilder().setName(file.name()).setContent(ByteString.copyFrom(file.content())));
        }
        String entry = job.entry().name();
        Optional<List<String>> compile = language.compileArgv(entry, job.compileArgs(), compileLimits.memoryMb());
        compile.ifPresent(argv -> request.addSteps(step(COMPILE_STEP, argv, compileLimits)));
        request.addSteps(step(RUN_STEP, language.runArgv(entry, job.args(), job.limits().memoryMb()), job.limits()).toBuilder()
                .setAttachStdin(true));
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
