package io.fenrir.manager.persist;

import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.Outcome;
import io.fenrir.core.job.JobStatus;
import io.fenrir.core.job.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link JobRecords} in memory, obeying {@link JobStatus#canMoveTo} as the PostgreSQL one obeys its
 * status_rank guards ({@link JobRecordsContract} holds both to the same rules). It can be told to fail
 * its next writes, as a store that is down.
 */
public final class InMemoryJobRecords implements JobRecords {
    private final Map<String, JobRecordView> records = new LinkedHashMap<>();
    private final Map<String, Map<String, Stage>> stages = new LinkedHashMap<>();
    private final Set<String> sourcesStored = new HashSet<>();
    private final List<String> writes = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();

    /** The next {@code count} writes (and reads of "sources stored") throw, as when the database is unreachable. */
    public void failNextWrites(int count) {
        failures.set(count);
    }

    /** Writes a record as the API does: a new job (QUEUED) or one it cancelled. */
    public synchronized void putAsApi(JobMessage job, JobStatus status) {
        records.put(job.id(), new JobRecordView(job.id(), status, null, 0, null, null, null));
    }

    /**
     * The API's QUEUED insert after it stored the job's sources: as {@link #putAsApi} when there is
     * no record yet; a record the manager wrote first keeps all but the new "sources stored".
     */
    public synchronized void insertAsApiWithSourcesStored(JobMessage job) {
        records.putIfAbsent(job.id(), new JobRecordView(job.id(), JobStatus.QUEUED, null, 0, null, null, null));
        sourcesStored.add(job.id());
    }

    public synchronized Optional<JobRecordView> read(String id) {
        return Optional.ofNullable(records.get(id));
    }

    public synchronized List<Stage> stages(String id) {
        return List.copyOf(stages.getOrDefault(id, Map.of()).values());
    }

    /** Every write that changed a record, in order, as "markRunning id" or "finish id STATUS". */
    public synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    @Override
    public synchronized Optional<Running> markRunning(JobMessage job, int attempt, Instant startedAt,
            String traceId) throws Exception {
        failIfTold();
        JobRecordView current = records.get(job.id());
        if (current != null && !current.status().canMoveTo(JobStatus.RUNNING)) {
            return Optional.empty();
        }
        records.put(job.id(), new JobRecordView(job.id(), JobStatus.RUNNING, null, attempt, null, null,
                keptTraceId(current, traceId)));
        writes.add("markRunning " + job.id());
        return Optional.of(new Running(sourcesStored.contains(job.id())));
    }

    @Override
    public synchronized boolean sourcesStored(String jobId) throws Exception {
        failIfTold();
        return sourcesStored.contains(jobId);
    }

    @Override
    public synchronized boolean finish(JobMessage job, Outcome outcome, String traceId) throws Exception {
        failIfTold();
        JobRecordView current = records.get(job.id());
        if (current != null && !current.status().canMoveTo(outcome.status())) {
            return false;
        }
        records.put(job.id(), new JobRecordView(job.id(), outcome.status(), outcome.verdict(), outcome.attempt(),
                outcome.exitCode(), outcome.error(), keptTraceId(current, traceId)));
        writes.add("finish " + job.id() + " " + outcome.status());
        return true;
    }

    @Override
    public synchronized void recordStages(String jobId, List<Stage> written) throws Exception {
        failIfTold();
        Map<String, Stage> byKey = stages.computeIfAbsent(jobId, id -> new LinkedHashMap<>());
        for (Stage stage : written) {
            byKey.put(stage.attempt() + "/" + stage.name().wire(), stage);
        }
    }

    private static String keptTraceId(JobRecordView current, String traceId) {
        return current != null && current.traceId() != null ? current.traceId() : traceId;
    }

    private void failIfTold() throws Exception {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new Exception("failed to write: the in-memory store was told to fail");
        }
    }
}
