package io.fenrir.manager.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobNames;
import io.fenrir.core.job.JobStatus;
import io.fenrir.core.job.SourceFile;
import io.fenrir.manager.dispatch.AttemptObserver.Phase;
import io.fenrir.manager.metrics.DeadLetterCause;
import io.fenrir.manager.metrics.ManagerMetrics;
import io.fenrir.manager.persist.BlobStore;
import io.fenrir.manager.persist.JobRecords;
import io.fenrir.core.job.Outcome;
import io.fenrir.manager.pool.Worker;
import io.fenrir.manager.pool.WorkerLease;
import io.fenrir.manager.pool.Workers;
import io.fenrir.manager.queue.DeadLetters;
import io.fenrir.manager.trace.Tracing;
import io.fenrir.platform.retry.Backoff;
import io.fenrir.platform.retry.Retry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one delivery of a job message through its attempt on one worker: skip it if already finished,
 * mark it RUNNING, run it (with in-progress acks), store the sources (unless the job's record says the
 * API did) and the output, write the terminal record (and, for a job that FAILED, its dead letter), and
 * only then acknowledge the delivery. Any failure before the ack leaves the message to be delivered
 * again, which is safe because every write here is idempotent. The worker goes back exactly once
 * ({@link WorkerLease}); {@link DeliveryPolicy} decides what a failed attempt becomes,
 * {@link AttemptObserver} how it is seen.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    /** Between the tries of a storage write: short at first (a blip), then every 5 s (a store down). */
    private static final Backoff PERSIST_BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    /** The services a delivery's attempt writes to. */
    public record Stores(JobRecords jobs, BlobStore blobs, DeadLetters deadLetters) {
    }

    private final ObjectMapper json;
    private final Workers workers;
    private final JobExecution execution;
    private final Stores stores;
    private final DeliveryPolicy policy;
    private final Heartbeat heartbeat;
    private final Retry persistRetry;
    private final ManagerMetrics metrics;
    private final Tracing tracing;

    /**
     * @param ackWait       how long the queue waits for an answer before delivering again (heartbeats beat faster)
     * @param persistBudget how long a storage write is retried, with in-progress acks, before the
     *                      delivery is given back to the queue
     */
    public JobRunner(ObjectMapper json, Workers workers, JobExecution execution, Stores stores, int maxDeliver,
            Duration ackWait, Duration persistBudget, ManagerMetrics metrics, Tracing tracing) {
        this.json = json;
        this.workers = workers;
        this.execution = execution;
        this.stores = stores;
        this.policy = new DeliveryPolicy(maxDeliver);
        this.heartbeat = new Heartbeat(ackWait);
        this.persistRetry = new Retry(PERSIST_BACKOFF, persistBudget);
        this.metrics = metrics;
        this.tracing = tracing;
    }

    public void run(Worker worker, Delivery delivery) {
        try (WorkerLease lease = new WorkerLease(workers, worker);
                AttemptObserver observer = new AttemptObserver(tracing, metrics, stores.jobs(), delivery, worker)) {
            Optional<JobMessage> job = decode(delivery, observer);
            if (job.isEmpty()) {
                lease.release();
                return;
            }
            observer.dequeued(job.get());
            deliver(lease, delivery, job.get(), observer);
        }
    }

    /** The job the delivery holds; empty when it holds none (then it was dead-lettered). */
    private Optional<JobMessage> decode(Delivery delivery, AttemptObserver observer) {
        try {
            JobMessage job = json.readValue(delivery.body(), JobMessage.class);
            if (job.limits() == null || job.files() == null || job.files().isEmpty()) {
                throw new IOException("it has no limits or no files");
            }
            return Optional.of(job);
        } catch (IOException e) {
            String id = delivery.messageId();
            LOG.error("dead-lettering undecodable message {} (job {}): {}", delivery.sequence(), id, e.getMessage());
            observer.undecodable(e.getMessage());
            try {
                stores.deadLetters().bury(id == null ? "unknown" : id, delivery.sequence(), delivery.body(),
                        "the job message could not be read: " + e.getMessage(), delivery.attempt(),
                        DeadLetterCause.UNDECODABLE);
                delivery.term();
            } catch (Exception buryFailure) {
                LOG.error("failed to dead-letter message {}, it will be delivered again: {}", delivery.sequence(),
                        buryFailure.getMessage());
                delivery.retryAfter(policy.redeliveryDelay(delivery.attempt()));
            }
            return Optional.empty();
        }
    }

    private void deliver(WorkerLease lease, Delivery delivery, JobMessage job, AttemptObserver observer) {
        int attempt = delivery.attempt();
        Instant startedAt = Instant.now();
        Optional<JobRecords.Running> started;
        try {
            // The upsert itself refuses a finished job: no separate read on the way to every run. While
            // PostgreSQL is down it is retried (the delivery kept ours by in-progress acks), so an outage
            // does not use up the job's deliveries.
            AtomicReference<Optional<JobRecords.Running>> marked = new AtomicReference<>();
            persist(observer, Phase.MARK_RUNNING, "mark job " + job.id() + " RUNNING", delivery,
                    () -> marked.set(stores.jobs().markRunning(job, attempt, startedAt, observer.traceId())));
            started = marked.get();
        } catch (Exception e) {
            interruptedAgain(e);
            LOG.warn("failed to start job {} (delivery {}), it will be delivered again: {}", job.id(), attempt,
                    e.getMessage());
            observer.failed("failed to start: " + e.getMessage());
            delivery.retryAfter(policy.redeliveryDelay(attempt));
            lease.release();
            return;
        }
        if (started.isEmpty()) {
            observer.alreadyFinished();
            try {
                observer.phase(Phase.ACK, delivery::ack);
            } catch (Exception e) {
                // Delivered again later, and acknowledged then: the job stays finished.
                LOG.warn("failed to acknowledge finished job {}: {}", job.id(), e.getMessage());
            }
            lease.release();
            return;
        }
        observer.workerAssigned();
        attempt(lease, delivery, job, startedAt, started.get().sourcesStored(), observer);
    }

    /** @param sourcesStored whether the job's record said, when it was marked RUNNING, that its sources are in S3 */
    private void attempt(WorkerLease lease, Delivery delivery, JobMessage job, Instant startedAt,
            boolean sourcesStored, AttemptObserver observer) {
        int attempt = delivery.attempt();
        Outcome outcome;
        JobExecution.Result result = null;
        DeadLetterCause cause = DeadLetterCause.ATTEMPTS_FAILED;
        try (Heartbeat.Beat beat = heartbeat.start(delivery, job.id())) {
            result = execution.run(lease.worker(), job);
            // The worker is free as soon as its agent is done; the job's storage does not need it.
            lease.ranJob(result.notReusableBecause());
            outcome = job.hasTests() ? TestJudge.outcome(job, result, attempt, startedAt)
                    : completed(result, attempt, startedAt);
            observer.ran(result, outcome);
        } catch (JobCancelledException e) {
            // Its Run was cut off: nobody saw the agent's word on the worker.
            lease.retire();
            // The API recorded CANCELLED before telling us; this write only repeats it where it is missing.
            outcome = Outcome.cancelled(attempt, startedAt);
        } catch (AttemptFailure e) {
            if (e.kind() == AttemptFailure.Kind.PERMANENT) {
                lease.release();
            } else {
                lease.retire();
            }
            Optional<Duration> retry = policy.retryAfter(e.kind(), attempt);
            if (retry.isPresent()) {
                observer.retrying(e.getMessage());
                delivery.retryAfter(retry.get());
                return;
            }
            if (e.kind() == AttemptFailure.Kind.PERMANENT) {
                cause = DeadLetterCause.REFUSED;
                outcome = Outcome.failed(attempt, e.getMessage(), startedAt);
            } else {
                outcome = Outcome.failed(attempt, e.getMessage() + " (attempt " + attempt + " of "
                        + policy.maxDeliver() + ")", startedAt);
            }
        }
        finish(delivery, job, Optional.ofNullable(result), sourcesStored, outcome, cause, observer);
    }

    /** Stores what the attempt produced, records its end, and only then acknowledges the delivery. */
    private void finish(Delivery delivery, JobMessage job, Optional<JobExecution.Result> result,
            boolean sourcesStored, Outcome outcome, DeadLetterCause cause, AttemptObserver observer) {
        Instant ranUntil = Instant.now();
        try {
            if (result.isPresent()) {
                JobExecution.Result output = result.get();
                boolean sourcesKnownStored = sourcesStored || sourcesRecordedStoredSince(job);
                persist(observer, Phase.STORE_OUTPUT, "store output of job " + job.id(), delivery, () -> {
                    // The API stores the sources in the background and records it in the job's row; unless
                    // it did, the message may be their last copy, and it is gone once acknowledged.
                    if (!sourcesKnownStored) {
                        for (SourceFile file : job.files()) {
                            stores.blobs().put(JobNames.sourceKey(job.id(), file.name()), file.content());
                        }
                    }
                    // An empty stream is not stored: the API serves a COMPLETED job's missing output as empty.
                    putUnlessEmpty(JobNames.stdoutKey(job.id()), output.stdout());
                    putUnlessEmpty(JobNames.stderrKey(job.id()), output.stderr());
                    putUnlessEmpty(JobNames.compileOutputKey(job.id()), output.compileOutput());
                    for (var test : output.testOutputs().entrySet()) {
                        putUnlessEmpty(JobNames.testStdoutKey(job.id(), test.getKey()), test.getValue().stdout());
                        putUnlessEmpty(JobNames.testStderrKey(job.id(), test.getKey()), test.getValue().stderr());
                    }
                });
            }
            persist(observer, Phase.RECORD_RESULT, "record result of job " + job.id(), delivery,
                    () -> stores.jobs().finish(job, outcome, observer.traceId()));
            observer.resultRecorded(outcome, ranUntil);
            if (outcome.status() == JobStatus.FAILED) {
                persist(observer, Phase.DEAD_LETTER, "dead-letter job " + job.id(), delivery,
                        () -> stores.deadLetters().bury(job.id(), delivery.sequence(), delivery.body(),
                                outcome.error(), delivery.attempt(), cause));
            }
            Instant storedAt = Instant.now();
            observer.phase(Phase.ACK, delivery::ack);
            observer.acked(outcome, storedAt, Instant.now());
        } catch (Exception e) {
            interruptedAgain(e);
            // Not acknowledged: the queue delivers it again and the next attempt finishes the job.
            LOG.error("failed to persist job {}; leaving it to be delivered again: {}", job.id(), e.getMessage());
            observer.failed("failed to persist, delivered again: " + e.getMessage());
            delivery.retryAfter(policy.redeliveryDelay(delivery.attempt()));
        }
    }

    /**
     * Whether the job's record says its sources are in S3 now, though it did not when the job was
     * marked RUNNING (the API's row came after it): one read, cheaper than storing them again. A
     * failed read answers false, so that the sources are stored as before.
     */
    private boolean sourcesRecordedStoredSince(JobMessage job) {
        try {
            return stores.jobs().sourcesStored(job.id());
        } catch (Exception e) {
            interruptedAgain(e);
            LOG.debug("failed to read whether job {} has its sources stored, storing them: {}", job.id(),
                    e.getMessage());
            return false;
        }
    }

    /** Runs a storage write, retried with in-progress acks within the persist budget, as {@code phase}. */
    private void persist(AttemptObserver observer, Phase phase, String what, Delivery delivery, Retry.Step write)
            throws Exception {
        observer.phase(phase, () -> persistRetry.run(what, delivery::inProgress, write));
    }

    private void putUnlessEmpty(String key, byte[] content) throws Exception {
        if (content.length > 0) {
            stores.blobs().put(key, content);
        }
    }

    /** Keeps a caught interrupt visible to the thread's owner. */
    private static void interruptedAgain(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    private static Outcome completed(JobExecution.Result result, int attempt, Instant startedAt) {
        var last = result.last();
        return new Outcome(JobStatus.COMPLETED, Verdicts.of(last), attempt, last.getExitCode(),
                last.getSignal(), last.getWallMs(), last.getCpuMs(), last.getMemoryPeakBytes() / 1024,
                last.getStdoutTruncated(), last.getStderrTruncated(), null, startedAt, Instant.now());
    }
}
