package io.fenrir.core.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every write either process makes to a job's record (tables {@code jobs} and {@code job_stages}, schema
 * in db/migration beside this class), in one place: the API's QUEUED insert, cancel and replay, and the
 * manager's RUNNING and terminal upserts. Each write obeys {@link JobStatus#canMoveTo} through the
 * row's {@code status_rank}: a job never moves backwards and a terminal result is never overwritten, so
 * every write may be repeated. The manager's upserts write the whole record, so they succeed even when
 * the API died before its insert. A record's trace id, once written, is kept, and so is its
 * {@code sources_stored} once true (the API stored the job's sources in S3, so the manager need not).
 * Plain JDBC on the caller's connection (and transaction).
 */
public final class JobTable {

    private JobTable() {
    }

    /** A job {@link #markRunning} started: whether its row says its sources are already in S3. */
    public record Running(boolean sourcesStored) {
    }

    /**
     * Records an accepted job as QUEUED, with its first stages (accepted, persisted). On conflict (the
     * manager may already have written the row with a later status) only a true {@code sourcesStored}
     * is written.
     *
     * @param publishedAt   when the queue confirmed it holds the job
     * @param traceId       the job's trace id, or null when tracing is off
     * @param sourcesStored whether every source object of the job was stored in S3 before this write
     */
    public static void insertQueued(Connection connection, JobMessage job, Instant publishedAt, String traceId,
            boolean sourcesStored) throws SQLException {
        UUID id = UUID.fromString(job.id());
        try (PreparedStatement row = connection.prepareStatement("""
                INSERT INTO jobs (id, language, status, status_rank, submitted_at, limits, trace_id, sources_stored,
                    tests_total)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET sources_stored = true
                WHERE EXCLUDED.sources_stored AND NOT jobs.sources_stored""")) {
            row.setObject(1, id);
            row.setString(2, job.language());
            row.setString(3, JobStatus.QUEUED.name());
            row.setShort(4, (short) JobStatus.QUEUED.rank());
            row.setTimestamp(5, Timestamp.from(job.submittedAt()));
            row.setString(6, limitsJson(job.limits()));
            row.setString(7, traceId);
            row.setBoolean(8, sourcesStored);
            row.setObject(9, testsTotal(job), Types.INTEGER);
            row.executeUpdate();
        }
        try (PreparedStatement stages = connection.prepareStatement("""
                INSERT INTO job_stages (job_id, attempt, stage, started_at, ended_at)
                VALUES (?, 0, ?, ?, ?), (?, 0, ?, ?, clock_timestamp())
                ON CONFLICT DO NOTHING""")) {
            stages.setObject(1, id);
            stages.setString(2, Stage.Name.ACCEPTED.wire());
            stages.setTimestamp(3, Timestamp.from(job.submittedAt()));
            stages.setTimestamp(4, Timestamp.from(publishedAt));
            stages.setObject(5, id);
            stages.setString(6, Stage.Name.PERSISTED.wire());
            stages.setTimestamp(7, Timestamp.from(publishedAt));
            stages.executeUpdate();
        }
    }

    /** Records the job CANCELLED unless it finished. Returns false when it had, or has no row. */
    public static boolean cancel(Connection connection, String jobId) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("""
                UPDATE jobs SET status = ?, status_rank = ?, finished_at = now(), updated_at = now()
                WHERE id = ? AND status_rank < ?""")) {
            s.setString(1, JobStatus.CANCELLED.name());
            s.setShort(2, (short) JobStatus.CANCELLED.rank());
            s.setObject(3, UUID.fromString(jobId));
            s.setShort(4, (short) JobStatus.CANCELLED.rank());
            return s.executeUpdate() == 1;
        }
    }

    /**
     * As {@link #cancel(Connection, String)} for a job whose QUEUED row may not be written yet: an
     * upsert. Returns false when the job had finished.
     */
    public static boolean cancel(Connection connection, JobMessage job) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("""
                INSERT INTO jobs (id, language, status, status_rank, submitted_at, finished_at, limits)
                VALUES (?, ?, ?, ?, ?, now(), ?::jsonb)
                ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, status_rank = EXCLUDED.status_rank,
                    finished_at = EXCLUDED.finished_at, updated_at = now()
                WHERE jobs.status_rank < EXCLUDED.status_rank""")) {
            s.setObject(1, UUID.fromString(job.id()));
            s.setString(2, job.language());
            s.setString(3, JobStatus.CANCELLED.name());
            s.setShort(4, (short) JobStatus.CANCELLED.rank());
            s.setTimestamp(5, Timestamp.from(job.submittedAt()));
            s.setString(6, limitsJson(job.limits()));
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Moves a FAILED job back to QUEUED for a dead-letter replay: the one backward move, made by an
     * operator ({@link JobStatus#replayable}). A job that is not FAILED (or has no row) is left alone.
     */
    public static void requeueFailed(Connection connection, String jobId) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("""
                UPDATE jobs SET status = ?, status_rank = ?, verdict = NULL, error = NULL, finished_at = NULL,
                    updated_at = now()
                WHERE id = ? AND status = ?""")) {
            s.setString(1, JobStatus.QUEUED.name());
            s.setShort(2, (short) JobStatus.QUEUED.rank());
            s.setObject(3, UUID.fromString(jobId));
            s.setString(4, JobStatus.FAILED.name());
            s.executeUpdate();
        }
    }

    /**
     * Records a new attempt of the job as RUNNING: the row as it is then, or empty when the job had
     * already finished. {@code canMoveTo(RUNNING)} holds exactly for the ranks up to RUNNING's own (a
     * redelivery starts a new attempt of a RUNNING job).
     *
     * @param traceId the job's trace id, or null without tracing
     */
    public static Optional<Running> markRunning(Connection connection, JobMessage job, int attempt,
            Instant startedAt, String traceId) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("""
                INSERT INTO jobs (id, language, status, status_rank, attempts, limits, submitted_at, started_at, trace_id,
                    tests_total)
                SELECT ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?
                WHERE NOT EXISTS (SELECT 1 FROM deleted_jobs WHERE deleted_jobs.id = ?)
                ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, status_rank = EXCLUDED.status_rank,
                    attempts = EXCLUDED.attempts, started_at = EXCLUDED.started_at,
                    trace_id = COALESCE(jobs.trace_id, EXCLUDED.trace_id), updated_at = now()
                WHERE jobs.status_rank <= EXCLUDED.status_rank
                RETURNING sources_stored""")) {
            s.setObject(1, UUID.fromString(job.id()));
            s.setString(2, job.language());
            s.setString(3, JobStatus.RUNNING.name());
            s.setShort(4, (short) JobStatus.RUNNING.rank());
            s.setInt(5, attempt);
            s.setString(6, limitsJson(job.limits()));
            s.setTimestamp(7, Timestamp.from(job.submittedAt()));
            s.setTimestamp(8, Timestamp.from(startedAt));
            s.setString(9, traceId);
            s.setObject(10, testsTotal(job), Types.INTEGER);
            s.setObject(11, UUID.fromString(job.id()));
            try (ResultSet row = s.executeQuery()) {
                return row.next() ? Optional.of(new Running(row.getBoolean(1))) : Optional.empty();
            }
        }
    }

    /** Whether the job's row says its sources are in S3 (false when it has no row). A read, not a write. */
    public static boolean sourcesStored(Connection connection, String jobId) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT sources_stored FROM jobs WHERE id = ?")) {
            s.setObject(1, UUID.fromString(jobId));
            try (ResultSet row = s.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    /**
     * Writes the job's terminal record. Returns false when it had already finished (the first terminal
     * write wins).
     *
     * @param traceId the job's trace id, or null without tracing (a row's own is kept)
     */
    public static boolean finish(Connection connection, JobMessage job, Outcome outcome, String traceId)
            throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("""
                INSERT INTO jobs (id, language, status, status_rank, verdict, attempts, exit_code, signal, wall_ms,
                    cpu_ms, memory_peak_kb, stdout_truncated, stderr_truncated, error, limits, submitted_at,
                    started_at, finished_at, trace_id, tests, tests_passed, tests_total)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?, ?
                WHERE NOT EXISTS (SELECT 1 FROM deleted_jobs WHERE deleted_jobs.id = ?)
                ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, status_rank = EXCLUDED.status_rank,
                    verdict = EXCLUDED.verdict, attempts = EXCLUDED.attempts, exit_code = EXCLUDED.exit_code,
                    signal = EXCLUDED.signal, wall_ms = EXCLUDED.wall_ms, cpu_ms = EXCLUDED.cpu_ms,
                    memory_peak_kb = EXCLUDED.memory_peak_kb, limits = EXCLUDED.limits,
                    stdout_truncated = EXCLUDED.stdout_truncated, stderr_truncated = EXCLUDED.stderr_truncated,
                    error = EXCLUDED.error, started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,
                    trace_id = COALESCE(jobs.trace_id, EXCLUDED.trace_id), tests = EXCLUDED.tests,
                    tests_passed = EXCLUDED.tests_passed, tests_total = EXCLUDED.tests_total, updated_at = now()
                WHERE jobs.status_rank < EXCLUDED.status_rank""")) {
            int i = 1;
            s.setObject(i++, UUID.fromString(job.id()));
            s.setString(i++, job.language());
            s.setString(i++, outcome.status().name());
            s.setShort(i++, (short) outcome.status().rank());
            s.setString(i++, outcome.verdict() == null ? null : outcome.verdict().name());
            s.setInt(i++, outcome.attempt());
            s.setObject(i++, outcome.exitCode(), Types.INTEGER);
            s.setObject(i++, outcome.signal(), Types.INTEGER);
            s.setObject(i++, outcome.wallMs(), Types.BIGINT);
            s.setObject(i++, outcome.cpuMs(), Types.BIGINT);
            s.setObject(i++, outcome.memoryPeakKb(), Types.BIGINT);
            s.setObject(i++, outcome.stdoutTruncated(), Types.BOOLEAN);
            s.setObject(i++, outcome.stderrTruncated(), Types.BOOLEAN);
            s.setString(i++, outcome.error());
            s.setString(i++, limitsJson(job.limits()));
            s.setTimestamp(i++, Timestamp.from(job.submittedAt()));
            s.setTimestamp(i++, outcome.startedAt() == null ? null : Timestamp.from(outcome.startedAt()));
            s.setTimestamp(i++, Timestamp.from(outcome.finishedAt()));
            s.setString(i++, traceId);
            s.setString(i++, testsJson(outcome.tests()));
            s.setObject(i++, outcome.testsPassed(), Types.INTEGER);
            s.setObject(i++, outcome.tests() == null ? null : outcome.tests().size(), Types.INTEGER);
            // A deleted job stays deleted: a late write of its result (a cancelled run ending) is dropped.
            s.setObject(i, UUID.fromString(job.id()));
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Deletes a finished job's row (its stages go with it) and leaves its tombstone. Returns false when
     * the job has no finished row (none at all, or one not finished: then nothing changes).
     */
    public static boolean deleteFinished(Connection connection, String jobId) throws SQLException {
        UUID id = UUID.fromString(jobId);
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM jobs WHERE id = ? AND status_rank >= ?")) {
            delete.setObject(1, id);
            delete.setShort(2, (short) JobStatus.COMPLETED.rank());
            if (delete.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement tombstone = connection.prepareStatement(
                "INSERT INTO deleted_jobs (id) VALUES (?) ON CONFLICT DO NOTHING")) {
            tombstone.setObject(1, id);
            tombstone.executeUpdate();
        }
        return true;
    }

    /** Whether the job was deleted. */
    public static boolean isDeleted(Connection connection, String jobId) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT 1 FROM deleted_jobs WHERE id = ?")) {
            s.setObject(1, UUID.fromString(jobId));
            try (var rows = s.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Up to {@code limit} ids of jobs that finished before {@code before}, oldest first: retention's. */
    public static List<String> finishedBefore(Connection connection, Instant before, int limit) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("""
                SELECT id FROM jobs WHERE status_rank >= ? AND finished_at < ? ORDER BY finished_at LIMIT ?""")) {
            s.setShort(1, (short) JobStatus.COMPLETED.rank());
            s.setTimestamp(2, Timestamp.from(before));
            s.setInt(3, limit);
            List<String> ids = new java.util.ArrayList<>();
            try (var rows = s.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1).toString());
                }
            }
            return ids;
        }
    }

    /** Records stages of the job's timeline; writing one again replaces it (a retried store). */
    public static void recordStages(Connection connection, String jobId, List<Stage> stages) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("""
                INSERT INTO job_stages (job_id, attempt, stage, started_at, ended_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (job_id, attempt, stage) DO UPDATE SET started_at = EXCLUDED.started_at,
                    ended_at = EXCLUDED.ended_at""")) {
            for (Stage stage : stages) {
                s.setObject(1, UUID.fromString(jobId));
                s.setInt(2, stage.attempt());
                s.setString(3, stage.name().wire());
                s.setTimestamp(4, Timestamp.from(stage.startedAt()));
                s.setTimestamp(5, Timestamp.from(stage.endedAt()));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * The jobs.limits column: the limits as camelCase JSON, as the API reads them back; null for none.
     * Written here, without a JSON library, so that core stays free of dependencies.
     */
    public static String limitsJson(Limits limits) {
        if (limits == null) {
            return null;
        }
        return "{\"cpuMs\":" + limits.cpuMs() + ",\"wallMs\":" + limits.wallMs() + ",\"memoryMb\":" + limits.memoryMb()
                + ",\"pids\":" + limits.pids() + ",\"outputBytes\":" + limits.outputBytes() + ",\"fileBytes\":"
                + limits.fileBytes() + "}";
    }

    /** How many tests the job has; null for a job without tests. */
    private static Integer testsTotal(JobMessage job) {
        return job.hasTests() ? job.tests().cases().size() : null;
    }

    /**
     * The jobs.tests column: one object per test, camelCase, fields that do not apply left out; null
     * for a job without tests. Written without a JSON library, like {@link #limitsJson}: every value is
     * a number, a boolean or an enum name, none needs escaping.
     */
    public static String testsJson(List<TestResult> tests) {
        if (tests == null) {
            return null;
        }
        StringBuilder json = new StringBuilder("[");
        for (TestResult test : tests) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"index\":").append(test.index()).append(",\"verdict\":\"").append(test.verdict().name())
                    .append('"');
            field(json, "exitCode", test.exitCode());
            field(json, "signal", test.signal());
            field(json, "wallMs", test.wallMs());
            field(json, "cpuMs", test.cpuMs());
            field(json, "memoryPeakKb", test.memoryPeakKb());
            field(json, "stdoutTruncated", test.stdoutTruncated());
            json.append('}');
        }
        return json.append(']').toString();
    }

    private static void field(StringBuilder json, String name, Object value) {
        if (value != null) {
            json.append(",\"").append(name).append("\":").append(value);
        }
    }
}
