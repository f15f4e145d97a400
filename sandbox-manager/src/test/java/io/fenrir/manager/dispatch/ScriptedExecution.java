package io.fenrir.manager.dispatch;

import io.fenrir.agent.v1.StepResult;
import io.fenrir.core.job.JobMessage;
import io.fenrir.manager.pool.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link JobExecution} that answers as its script says, and counts its runs. */
final class ScriptedExecution implements JobExecution {

    interface Script {
        Result run(Worker worker, JobMessage job) throws AttemptFailure, JobCancelledException;
    }

    private final Script script;
    private final AtomicInteger runs = new AtomicInteger();

    ScriptedExecution(Script script) {
        this.script = script;
    }

    /** Every job's run step exits with {@code exitCode} after writing {@code stdout}. */
    static ScriptedExecution exiting(int exitCode, String stdout) {
        return new ScriptedExecution((worker, job) -> result(exitCode, stdout, Optional.empty()));
    }

    static Result result(int exitCode, String stdout, Optional<String> notReusableBecause) {
        StepResult run = StepResult.newBuilder().setStep(AgentExecution.RUN_STEP).setExitCode(exitCode).setWallMs(5)
                .setCpuMs(3).setMemoryPeakBytes(4096).build();
        Instant now = Instant.now();
        return new Result(List.of(run), stdout.getBytes(StandardCharsets.UTF_8), new byte[0], new byte[0],
                List.of(new Span(AgentExecution.RUN_STEP, now.minusMillis(5), now)), notReusableBecause);
    }

    int runs() {
        return runs.get();
    }

    @Override
    public Result run(Worker worker, JobMessage job) throws AttemptFailure, JobCancelledException {
        runs.incrementAndGet();
        return script.run(worker, job);
    }
}
