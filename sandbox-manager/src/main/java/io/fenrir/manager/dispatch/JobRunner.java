package io.fenrir.manager.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobNames;
import io.fenrir.core.job.JobStatus;
import io.fenrir.core.job.Limits;
import io.fenrir.manager.cgroup.StepCgroups;
import io.fenrir.manager.persist.BlobStore;
import io.fenrir.manager.persist.JobStore;
import io.fenrir.manager.persist.Outcome;
import io.fenrir.manager.pool.Worker;
import io.fenrir.manager.pool.WorkerPool;
import io.nats.client.Message;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one delivered job message through its attempt on one worker: skip it if already finished,
 * mark it RUNNING, run it, store the output, write the terminal record, and only then acknowledge
 * the message. Any failure before the ack leaves the message to be delivered again, which is safe
 * because every write here is idempotent.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);

    private final ObjectMapper json;
    private final WorkerPool pool;
    private final Execution execution;
    private final JobStore jobs;
    private final BlobStore blobs;
    private final int maxDeliver;
    private final Duration persistBudget;

    public JobRunner(ObjectMapper json, WorkerPool pool, JobStore jobs, BlobStore blobs, StepCgroups cgroups,
            Limits compileLimits, int maxDeliver, Duration ackWait) {
        this.json = json;
        this.pool = pool;
        this.execution = new Execution(cgroups, compileLimits);
        this.jobs = jobs;
        this.blobs = blobs;
        this.maxDeliver = maxDeliver;
        // Retrying storage for half the ack wait keeps the message ours while we retry.
        this.persistBudget = ackWait.dividedBy(2);
    }

    public void run(Worker worker, Message message) {
        JobMessage job;
        try {
            job = json.readValue(message.getData(), JobMessage.class);
            if (job.limits() == null || job.files() == null || job.files().isEmpty()) {
                throw new IOException("it has no limits or no files");
            }
        } catch (IOException e) {
            LOG.error("dropping undecodable message {}: {}", message.metaData().streamSequence(), e.getMessage());
            message.term();
            pool.release(worker);
            return;
        }
        int attempt = (int) message.metaData().deliveredCount();
        Instant startedAt = Instant.now();
        try {
            // The upsert itself refuses a finished job: no separate read on the way to every run.
            if (!jobs.markRunning(job, attempt, startedAt)) {
                LOG.info("job {} already finished; acknowledging delivery {} without running it", job.id(), attempt);
                message.ackSync(ACK_TIMEOUT);
                pool.release(worker);
                return;
            }
        } catch (Exception e) {
            LOG.warn("failed to start job {} (delivery {}), it will be delivered again: {}", job.id(), attempt, e.getMessage());
            message.nakWithDelay(RETRY_DELAY);
            pool.release(worker);
            return;
        }
        try {
            attempt(worker, message, job, attempt, startedAt);
        } finally {
            pool.retire(worker);
        }
    }

    private void attempt(Worker worker, Message message, JobMessage job, int attempt, Instant startedAt) {
        Outcome outcome;
        Execution.Result result = null;
        try {
            result = execution.run(worker, job);
            outcome = completed(result, attempt, startedAt);
        } catch (IOException | RuntimeException e) {
            if (attempt < maxDeliver) {
                LOG.warn("job {} attempt {} failed on worker {}, it will be delivered again: {}", job.id(), attempt,
                        worker.id(), e.getMessage());
                message.nakWithDelay(RETRY_DELAY);
                return;
            }
            outcome = Outcome.failed(attempt, "failed to run job on worker " + worker.id() + " (attempt " + attempt
                    + " of " + maxDeliver + "): " + e.getMessage(), startedAt);
        }
        try {
            if (result != null) {
                Execution.Result output = result;
                Retry.withBackoff("store output of job " + job.id(), persistBudget, message::inProgress, () -> {
                    blobs.put(JobNames.stdoutKey(job.id()), output.stdout());
                    blobs.put(JobNames.stderrKey(job.id()), output.stderr());
                    blobs.put(JobNames.compileOutputKey(job.id()), output.compileOutput());
                });
            }
            Outcome terminal = outcome;
            Retry.withBackoff("record result of job " + job.id(), persistBudget, message::inProgress,
                    () -> jobs.finish(job, terminal));
            message.ackSync(ACK_TIMEOUT);
            LOG.info("job {} {} {} in {} ms (attempt {})", job.id(), outcome.status(),
                    outcome.verdict() == null ? outcome.error() : outcome.verdict(),
                    Duration.between(startedAt, outcome.finishedAt()).toMillis(), attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Not acknowledged: JetStream delivers it again and the next attempt finishes the job.
            LOG.error("failed to persist job {}; leaving it to be delivered again: {}", job.id(), e.getMessage());
            message.nakWithDelay(RETRY_DELAY);
        }
    }

    private static Outcome completed(Execution.Result result, int attempt, Instant startedAt) {
        var last = result.last();
        return new Outcome(JobStatus.COMPLETED, Verdicts.of(last), attempt, last.getExitCode(),
                last.getSignal(), last.getWallMs(), last.getCpuMs(), last.getMemoryPeakBytes() / 1024,
                last.getStdoutTruncated(), last.getStderrTruncated(), null, startedAt, Instant.now());
    }
}
