package io.fenrir.manager.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.Outcome;
import io.fenrir.core.job.JobStatus;
import io.fenrir.core.job.Limits;
import io.fenrir.core.job.SourceFile;
import io.fenrir.core.job.Stage;
import io.fenrir.core.job.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link JobRecords} must do, run against the in-memory one and against PostgreSQL: the
 * transition table of {@link JobStatus#canMoveTo} is the rule each write obeys, for every pair of a
 * record's status and a write.
 */
public abstract class JobRecordsContract {

    protected abstract JobRecords records();

    /** The job's record as stored, or empty. */
    protected abstract Optional<JobRecordView> read(String id) throws Exception;

    protected abstract List<Stage> stages(String id) throws Exception;

    /** Writes the job's record as the API does: QUEUED when it accepts a job, CANCELLED when it cancels one. */
    protected abstract void putAsApi(JobMessage job, JobStatus status) throws Exception;

    /**
     * The API's QUEUED insert made after it stored the job's sources in S3, which records them stored,
     * also on a record the manager wrote first.
     */
    protected abstract void insertAsApiWithSourcesStored(JobMessage job) throws Exception;

    /** A record's status before a write; NONE: the API never wrote it. */
    enum From { NONE, QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED }

    static Stream<Arguments> everyTransition() {
        List<Arguments> all = new ArrayList<>();
        for (From from : From.values()) {
            for (JobStatus to : List.of(JobStatus.RUNNING, JobStatus.COMPLETED, JobStatus.FAILED,
                    JobStatus.CANCELLED)) {
                all.add(Arguments.of(from, to));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("everyTransition")
    void aWriteObeysTheTransitionTable(From from, JobStatus to) throws Exception {
        JobMessage job = job();
        Optional<JobStatus> before = recordIn(job, from);
        boolean allowed = before.map(status -> status.canMoveTo(to)).orElse(true);

        boolean written = to == JobStatus.RUNNING
                ? records().markRunning(job, 2, Instant.now(), null).isPresent()
                : records().finish(job, outcome(to, 2), null);

        assertThat(written).as("write reported").isEqualTo(allowed);
        JobRecordView after = read(job.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(allowed ? to : before.orElseThrow());
        if (allowed) {
            assertThat(after.attempts()).isEqualTo(2);
        }
    }

    @Test
    void aFinishedRecordKeepsItsResult() throws Exception {
        JobMessage job = job();
        records().markRunning(job, 1, Instant.now(), null);
        records().finish(job, new Outcome(JobStatus.COMPLETED, Verdict.RUNTIME_ERROR, 1, 3, null, 10L, 5L, 2048L,
                false, true, null, Instant.now(), Instant.now()), null);

        assertThat(records().finish(job, Outcome.failed(2, "late", Instant.now()), null)).isFalse();

        JobRecordView record = read(job.id()).orElseThrow();
        assertThat(record.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(record.verdict()).isEqualTo(Verdict.RUNTIME_ERROR);
        assertThat(record.exitCode()).isEqualTo(3);
        assertThat(record.error()).isNull();
    }

    @Test
    void aTraceIdOnceWrittenIsKept() throws Exception {
        JobMessage job = job();
        records().markRunning(job, 1, Instant.now(), "0af7651916cd43dd8448eb211c80319c");
        records().markRunning(job, 2, Instant.now(), "ffffffffffffffffffffffffffffffff");
        records().finish(job, outcome(JobStatus.COMPLETED, 2), null);

        assertThat(read(job.id()).orElseThrow().traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    }

    @Test
    void aJobTheApiInsertedAfterStoringItsSourcesIsMarkedRunningWithItsSourcesStored() throws Exception {
        JobMessage job = job();
        insertAsApiWithSourcesStored(job);

        assertThat(records().markRunning(job, 1, Instant.now(), null))
                .hasValue(new JobRecords.Running(true));
        assertThat(records().sourcesStored(job.id())).isTrue();
    }

    @Test
    void aJobTheApiInsertedWithoutItsSourcesStoredOrNeverWroteHasThemUnknown() throws Exception {
        JobMessage queued = job();
        putAsApi(queued, JobStatus.QUEUED);
        JobMessage unwritten = job();

        assertThat(records().markRunning(queued, 1, Instant.now(), null)).hasValue(new JobRecords.Running(false));
        assertThat(records().markRunning(unwritten, 1, Instant.now(), null)).hasValue(new JobRecords.Running(false));
        assertThat(records().sourcesStored(queued.id())).isFalse();
        assertThat(records().sourcesStored(unwritten.id())).isFalse();
        assertThat(records().sourcesStored(UUID.randomUUID().toString())).as("no record").isFalse();
    }

    @Test
    void theApisInsertAfterTheManagersRunningRecordsOnlyTheSourcesStored() throws Exception {
        JobMessage job = job();
        records().markRunning(job, 1, Instant.now(), null);

        insertAsApiWithSourcesStored(job);

        assertThat(records().sourcesStored(job.id())).isTrue();
        assertThat(read(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(read(job.id()).orElseThrow().attempts()).isEqualTo(1);
        assertThat(records().markRunning(job, 2, Instant.now(), null)).as("kept by a later write")
                .hasValue(new JobRecords.Running(true));
    }

    @Test
    void aStageWrittenAgainIsReplaced() throws Exception {
        JobMessage job = job();
        records().markRunning(job, 1, Instant.now(), null);
        Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant later = first.plusSeconds(5);
        records().recordStages(job.id(), List.of(new Stage(Stage.Name.DEQUEUED, 1, first, first.plusMillis(3)),
                new Stage(Stage.Name.RUN, 1, first, first.plusMillis(9))));
        records().recordStages(job.id(), List.of(new Stage(Stage.Name.RUN, 1, later, later.plusMillis(7))));

        assertThat(stages(job.id())).containsExactlyInAnyOrder(
                new Stage(Stage.Name.DEQUEUED, 1, first, first.plusMillis(3)),
                new Stage(Stage.Name.RUN, 1, later, later.plusMillis(7)));
    }

    private Optional<JobStatus> recordIn(JobMessage job, From from) throws Exception {
        switch (from) {
            case NONE -> {
                return Optional.empty();
            }
            case QUEUED -> putAsApi(job, JobStatus.QUEUED);
            case CANCELLED -> putAsApi(job, JobStatus.CANCELLED);
            case RUNNING -> records().markRunning(job, 1, Instant.now(), null);
            case COMPLETED -> records().finish(job, outcome(JobStatus.COMPLETED, 1), null);
            case FAILED -> records().finish(job, outcome(JobStatus.FAILED, 1), null);
        }
        return Optional.of(read(job.id()).orElseThrow().status());
    }

    private static Outcome outcome(JobStatus status, int attempt) {
        return switch (status) {
            case FAILED -> Outcome.failed(attempt, "failed to run", Instant.now());
            case CANCELLED -> Outcome.cancelled(attempt, Instant.now());
            default -> new Outcome(status, Verdict.OK, attempt, 0, null, 10L, 5L, 2048L, false, false, null,
                    Instant.now(), Instant.now());
        };
    }

    protected static JobMessage job() {
        return new JobMessage(UUID.randomUUID().toString(), "python",
                List.of(new SourceFile("main.py", "print(1)".getBytes(StandardCharsets.UTF_8))), "", List.of(),
                List.of(), new Limits(1000, 2000, 64, 16, 65536, 1 << 20), Instant.now());
    }
}
