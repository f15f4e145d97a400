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
import io.fenrir.core.job.SourceFile;
import io.fenrir.core.lang.Language;
import io.fenrir.core.lang.Languages;
import io.fenrir.manager.pool.Worker;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/** Runs one job on one worker's agent and collects what it streams back. */
final class Execution {
    /** Slack on top of the steps' own limits before the manager gives up on the agent itself. */
    private static final Duration AGENT_SLACK = Duration.ofSeconds(30);
    static final String COMPILE_STEP = "compile";
    static final String RUN_STEP = "run";

    /**
     * What the agent reported: the last executed step's result, the run step's output, and the
     * compile step's output (both of its streams, in arrival order).
     */
    record Result(StepResult last, byte[] stdout, byte[] stderr, byte[] compileOutput) {
    }

    private final Duration wallLimit;
    private final long outputLimitBytes;

    Execution(Duration wallLimit, long outputLimitBytes) {
        this.wallLimit = wallLimit;
        this.outputLimitBytes = outputLimitBytes;
    }

    /** @throws io.grpc.StatusRuntimeException when the agent failed or died (the worker is lost) */
    Result run(Worker worker, JobMessage job) {
        Language language = Languages.byName(job.language())
                .orElseThrow(() -> new IllegalArgumentException("unknown language " + job.language()));
        RunRequest request = request(job, language);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ByteArrayOutputStream compileOutput = new ByteArrayOutputStream();
        StepResult last = null;
        long deadlineMs = wallLimit.multipliedBy(request.getStepsCount()).plus(AGENT_SLACK).toMillis();
        Iterator<RunEvent> events = worker.agent().withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS).run(request);
        while (events.hasNext()) {
            RunEvent event = events.next();
            if (event.hasOutput()) {
                OutputChunk chunk = event.getOutput();
                ByteArrayOutputStream sink = COMPILE_STEP.equals(chunk.getStep()) ? compileOutput
                        : chunk.getStream() == OutputChunk.Stream.STDERR ? stderr : stdout;
                sink.writeBytes(chunk.getData().toByteArray());
            } else if (event.hasStepResult()) {
                last = event.getStepResult();
            }
        }
        if (last == null) {
            throw new IllegalStateException("agent of worker " + worker.id() + " ended the run without a result");
        }
        return new Result(last, stdout.toByteArray(), stderr.toByteArray(), compileOutput.toByteArray());
    }

    private RunRequest request(JobMessage job, Language language) {
        StepLimits limits = StepLimits.newBuilder().setWallMs((int) wallLimit.toMillis())
                .setOutputBytes(outputLimitBytes).build();
        RunRequest.Builder request = RunRequest.newBuilder()
                .setJobId(job.id())
                .setStdin(ByteString.copyFromUtf8(job.stdin() == null ? "" : job.stdin()));
        for (SourceFile file : job.files()) {
            request.addFiles(File.newBuilder().setName(file.name()).setContent(ByteString.copyFromUtf8(file.content())));
        }
        language.compile().ifPresent(argv -> request.addSteps(
                Step.newBuilder().setName(COMPILE_STEP).addAllArgv(argv).setLimits(limits)));
        request.addSteps(Step.newBuilder().setName(RUN_STEP).addAllArgv(language.runArgv()).setLimits(limits)
                .setAttachStdin(true));
        return request.build();
    }
}
