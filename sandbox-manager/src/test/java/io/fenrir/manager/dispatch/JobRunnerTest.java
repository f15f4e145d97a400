package io.fenrir.manager.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobNames;
import io.fenrir.core.job.JobStatus;
import io.fenrir.core.job.Limits;
import io.fenrir.core.job.SourceFile;
import io.fenrir.core.job.Stage;
import io.fenrir.core.job.Verdict;
import io.fenrir.manager.metrics.DeadLetterCause;
import io.fenrir.manager.metrics.ManagerMetrics;
import io.fenrir.manager.persist.InMemoryBlobStore;
import io.fenrir.manager.persist.InMemoryJobRecords;
import io.fenrir.manager.persist.JobRecordView;
import io.fenrir.manager.pool.InMemoryWorkers;
import io.fenrir.manager.pool.Worker;
import io.fenrir.manager.queue.InMemoryDeadLetters;
import io.fenrir.manager.trace.Tracing;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runner's decisions, with every service it talks to in memory. */
class JobRunnerTest {
    private static final int MAX_DELIVER = 3;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final InMemoryJobRecords records = new InMemoryJobRecords();
    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();
    private final InMemoryWorkers workers = new InMemoryWorkers();
    private final Worker worker = InMemoryWorkers.worker("w1");
    private final ManagerMetrics metrics = new ManagerMetrics();
    private final JobMessage job = job("python");

    @AfterEach
    void closeMetrics() {
        metrics.close();
    }

    @Test
    void aCompletedJobIsStoredAndRecordedBeforeItsDeliveryIsAcknowledged() throws Exception {
        InMemoryDelivery delivery = delivery(job, 1);
        AtomicReference<Optional<JobRecordView>> recordAtAck = new AtomicReference<>();
        AtomicReference<Optional<byte[]>> stdoutAtAck = new AtomicReference<>();
        delivery.beforeAck(() -> {
            recordAtAck.set(records.read(job.id()));
            stdoutAtAck.set(blobs.get(JobNames.stdoutKey(job.id())));
        });

        runner(ScriptedExecution.exiting(0, "hello\n")).run(worker, delivery);

        assertThat(delivery.answers()).containsExactly("ack");
        assertThat(recordAtAck.get()).hasValueSatisfying(record -> {
            assertThat(record.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(record.verdict()).isEqualTo(Verdict.OK);
        });
        assertThat(stdoutAtAck.get()).hasValueSatisfying(
                stdout -> assertThat(new String(stdout, StandardCharsets.UTF_8)).isEqualTo("hello\n"));
        assertThat(blobs.get(JobNames.sourceKey(job.id(), "main.py"))).isPresent();
        // An empty stream is not stored.
        assertThat(blobs.keys()).doesNotContain(JobNames.stderrKey(job.id()));
        assertThat(records.writes()).containsExactly("markRunning " + job.id(), "finish " + job.id() + " COMPLETED");
        assertThat(records.stages(job.id())).extracting(Stage::name).contains(Stage.Name.DEQUEUED,
                Stage.Name.WORKER_ASSIGNED, Stage.Name.RUN, Stage.Name.OUTPUT_STORED, Stage.Name.ACKED);
        assertThat(deadLetters.letters()).isEmpty();
        assertThat(workers.returns()).containsExactly("w1 ran job");
    }

    @Test
    void sourcesTheApiRecordedStoredAreNotStoredAgain() {
        records.insertAsApiWithSourcesStored(job);
        InMemoryDelivery delivery = delivery(job, 1);

        runner(ScriptedExecution.exiting(0, "hello\n")).run(worker, delivery);

        assertThat(delivery.answers()).containsExactly("ack");
        assertThat(blobs.keys()).containsExactly(JobNames.stdoutKey(job.id()));
    }

    @Test
    void sourcesTheApiRecordedStoredWhileTheJobRanAreNotStoredAgain() {
        InMemoryDelivery delivery = delivery(job, 1);
        // The API's row comes after the manager's RUNNING upsert, as when the manager takes the job first.
        ScriptedExecution execution = new ScriptedExecution((w, j) -> {
            records.insertAsApiWithSourcesStored(j);
            return ScriptedExecution.result(0, "hello\n", Optional.empty());
        });

        runner(execution).run(worker, delivery);

        assertThat(delivery.answers()).containsExactly("ack");
        assertThat(blobs.keys()).containsExactly(JobNames.stdoutKey(job.id()));
    }

    @Test
    void sourcesTheApiDidNotRecordStoredAreStoredBeforeTheAck() {
        records.putAsApi(job, JobStatus.QUEUED);
        InMemoryDelivery delivery = delivery(job, 1);
        AtomicReference<Optional<byte[]>> sourceAtAck = new AtomicReference<>();
        delivery.beforeAck(() -> sourceAtAck.set(blobs.get(JobNames.sourceKey(job.id(), "main.py"))));

        runner(ScriptedExecution.exiting(0, "hello\n")).run(worker, delivery);

        assertThat(delivery.answers()).containsExactly("ack");
        assertThat(sourceAtAck.get()).hasValueSatisfying(
                source -> assertThat(new String(source, StandardCharsets.UTF_8)).isEqualTo("print('hello')"));
    }

    @Test
    void sourcesAreStoredWhenTheRecordCannotSayWhetherTheApiStoredThem() {
        InMemoryDelivery delivery = delivery(job, 1);
        // The store fails after the RUNNING upsert: the read of "sources stored" is the next call.
        ScriptedExecution execution = new ScriptedExecution((w, j) -> {
            records.failNextWrites(1);
            return ScriptedExecution.result(0, "hello\n", Optional.empty());
        });

        runner(execution).run(worker, delivery);

        assertThat(delivery.answers()).containsExactly("ack");
        assertThat(blobs.get(JobNames.sourceKey(job.id(), "main.py"))).isPresent();
    }

    @Test
    void aWorkerItsAgentCannotVouchForIsGivenBackAsSuch() {
        InMemoryDelivery delivery = delivery(job, 1);

        runner(new ScriptedExecution((w, j) -> ScriptedExecution.result(0, "", Optional.of("leftovers"))))
                .run(worker, delivery);

        assertThat(workers.returns()).containsExactly("w1 ran job, not reusable");
        assertThat(delivery.answers()).containsExactly("ack");
    }

    @Test
    void aTransientFailureBeforeTheLastDeliveryIsDeliveredAgainAndItsWorkerRetired() {
        InMemoryDelivery delivery = delivery(job, 1);

        runner(brokenAgent()).run(worker, delivery);

        assertThat(delivery.answers()).containsExactly("retryAfter PT2S");
        assertThat(records.read(job.id())).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(JobStatus.RUNNING));
        assertThat(deadLetters.letters()).isEmpty();
        assertThat(workers.returns()).containsExactly("w1 retired");
    }

    @Test
    void aTransientFailureOnTheLastDeliveryFailsTheJobDeadLettersItOnceAndAcknowledges() {
        InMemoryDelivery delivery = delivery(job, MAX_DELIVER);

        runner(brokenAgent()).run(worker, delivery);

        assertThat(delivery.answers()).containsExactly("ack");
        assertThat(records.read(job.id())).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(JobStatus.FAILED);
            assertThat(r.verdict()).isEqualTo(Verdict.INTERNAL_ERROR);
            assertThat(r.error()).contains("UNAVAILABLE").contains("attempt 3 of 3");
        });
        assertThat(deadLetters.letters()).singleElement()
                .satisfies(letter -> assertThat(letter.cause()).isEqualTo(DeadLetterCause.ATTEMPTS_FAILED));
        assertThat(workers.returns()).containsExactly("w1 retired");
    }

    @Test
    void aJobTheAgentRefusesFailsOnItsFirstDeliveryWithoutBurningTheWorker() {
        InMemoryDelivery delivery = delivery(job, 1);
        ScriptedExecution refusing = new ScriptedExecution((w, j) -> {
            throw AttemptFailure.permanent("the agent refused job " + j.id() + ": failed to accept file \"notes..txt\"");
        });

        runner(refusing).run(worker, delivery);

        assertThat(delivery.answers()).containsExactly("ack");
        assertThat(records.read(job.id())).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(JobStatus.FAILED);
            assertThat(r.error()).contains("notes..txt");
        });
        assertThat(deadLetters.letters()).singleElement()
                .satisfies(letter -> assertThat(letter.cause()).isEqualTo(DeadLetterCause.REFUSED));
        assertThat(workers.returns()).containsExactly("w1 released");
    }

    @Test
    void aJobInAnUnknownLanguageFailsAtOnceThroughTheRealExecution() {
        JobMessage cobol = job("cobol");
        InMemoryDelivery delivery = delivery(cobol, 1);
        // The real execution decides the kind before it reaches the worker, which has no agent here.
        AgentExecution execution = new AgentExecution(cobol.limits(), 100_000, null, LiveOutput.NONE);

        runner(execution).run(worker, delivery);

        assertThat(delivery.answers()).containsExactly("ack");
        assertThat(records.read(cobol.id())).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(JobStatus.FAILED);
            assertThat(r.error()).contains("unknown language 'cobol'");
        });
        assertThat(deadLetters.letters()).extracting(InMemoryDeadLetters.Letter::cause)
                .containsExactly(DeadLetterCause.REFUSED);
        assertThat(workers.returns()).containsExactly("w1 released");
    }

    @Test
    void aJobCancelledWhileItRanIsRecordedCancelledAndItsWorkerRetired() {
        InMemoryDelivery delivery = delivery(job, 1);
        ScriptedExecution cancelled = new ScriptedExecution((w, j) -> {
            throw new JobCancelledException(j.id());
        });

        runner(cancelled).run(worker, delivery);

        assertThat(delivery.answers()).containsExactly("ack");
        assertThat(records.read(job.id())).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(JobStatus.CANCELLED));
        assertThat(deadLetters.letters()).isEmpty();
        assertThat(workers.returns()).containsExactly("w1 retired");
    }

    @Test
    void aJobAlreadyFinishedIsAcknowledgedWithoutRunningAndItsWorkerReleased() {
        records.putAsApi(job, JobStatus.CANCELLED);
        InMemoryDelivery delivery = delivery(job, 2);
        ScriptedExecution execution = ScriptedExecution.exiting(0, "");

        runner(execution).run(worker, delivery);

        assertThat(execution.runs()).isZero();
        assertThat(delivery.answers()).containsExactly("ack");
        assertThat(records.read(job.id())).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(JobStatus.CANCELLED));
        assertThat(workers.returns()).containsExactly("w1 released");
    }

    @Test
    void anUndecodableMessageIsDeadLetteredAndTerminatedWithoutTakingTheWorker() {
        InMemoryDelivery delivery = new InMemoryDelivery("{not json".getBytes(StandardCharsets.UTF_8), "j1", 7, 1);
        ScriptedExecution execution = ScriptedExecution.exiting(0, "");

        runner(execution).run(worker, delivery);

        assertThat(execution.runs()).isZero();
        assertThat(delivery.answers()).containsExactly("term");
        assertThat(deadLetters.letters()).singleElement().satisfies(letter -> {
            assertThat(letter.cause()).isEqualTo(DeadLetterCause.UNDECODABLE);
            assertThat(letter.sourceSequence()).isEqualTo(7);
        });
        assertThat(workers.returns()).containsExactly("w1 released");
    }

    @Test
    void aStoreThatFailsBrieflyIsRetriedWithinTheAttempt() {
        InMemoryDelivery delivery = delivery(job, 1);
        records.failNextWrites(2);
        blobs.failNextWrites(1);

        runner(ScriptedExecution.exiting(0, "hi")).run(worker, delivery);

        assertThat(delivery.answers()).containsExactly("ack");
        assertThat(delivery.inProgressCount()).as("in-progress acks while retrying").isGreaterThanOrEqualTo(3);
        assertThat(records.read(job.id())).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(JobStatus.COMPLETED));
    }

    @Test
    void aStoreThatStaysDownLeavesTheJobToBeDeliveredAgainButFreesTheWorker() {
        InMemoryDelivery delivery = delivery(job, 1);
        blobs.failNextWrites(Integer.MAX_VALUE);

        runner(ScriptedExecution.exiting(0, "hi")).run(worker, delivery);

        assertThat(delivery.answers()).containsExactly("retryAfter PT2S");
        assertThat(records.read(job.id())).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(JobStatus.RUNNING));
        assertThat(workers.returns()).containsExactly("w1 ran job");
    }

    @Test
    void aRedeliveryOfAJobThatCompletedMeanwhileDoesNotOverwriteIt() throws Exception {
        runner(ScriptedExecution.exiting(0, "first")).run(worker, delivery(job, 1));
        InMemoryDelivery again = delivery(job, 2);
        ScriptedExecution execution = ScriptedExecution.exiting(1, "second");

        runner(execution).run(InMemoryWorkers.worker("w2"), again);

        assertThat(execution.runs()).isZero();
        assertThat(again.answers()).containsExactly("ack");
        assertThat(records.writes()).containsExactly("markRunning " + job.id(), "finish " + job.id() + " COMPLETED");
        assertThat(workers.returns()).containsExactly("w1 ran job", "w2 released");
    }

    private JobRunner runner(JobExecution execution) {
        return new JobRunner(JSON, workers, execution, new JobRunner.Stores(records, blobs, deadLetters), MAX_DELIVER,
                Duration.ofSeconds(30), Duration.ofSeconds(2), metrics, Tracing.off());
    }

    private static ScriptedExecution brokenAgent() {
        return new ScriptedExecution((w, j) -> {
            throw AttemptFailure.transientFailure("failed to run job " + j.id() + " on worker " + w.id() + ": "
                    + Status.UNAVAILABLE, Status.UNAVAILABLE.asRuntimeException());
        });
    }

    private static InMemoryDelivery delivery(JobMessage job, int attempt) {
        try {
            return new InMemoryDelivery(JSON.writeValueAsBytes(job), job.id(), 42, attempt);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JobMessage job(String language) {
        return new JobMessage(UUID.randomUUID().toString(), language,
                List.of(new SourceFile("main.py", "print('hello')".getBytes(StandardCharsets.UTF_8))), "", List.of(),
                List.of(), new Limits(1000, 2000, 64, 16, 1 << 16, 1 << 20), Instant.now());
    }
}
