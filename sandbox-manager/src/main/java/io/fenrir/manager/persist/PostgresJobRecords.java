package io.fenrir.manager.persist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.Stage;
import io.fenrir.manager.metrics.WriteTimer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@link JobRecords} in PostgreSQL's jobs and job_stages tables. Each write is an upsert of the whole record, so it
 * succeeds even when the API died before inserting the row, and each is guarded by status_rank so
 * that it never moves a job backwards or overwrites a terminal result: completing twice is a no-op.
 * A job's trace id, once written (by the API's insert or the first delivery), is kept: every later
 * delivery continues the same trace, unless tracing was off where the job was published.
 */
public final class PostgresJobRecords implements JobRecords, AutoCloseable {
    private final HikariDataSource pool;
    private final ObjectMapper json;
    private final WriteTimer writes;

    public PostgresJobRecords(ObjectMapper json, String url, String user, String password, WriteTimer writes) {
        this.json = json;
        this.writes = writes;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(4);
        config.setPoolName("fenrir-jobs");
        // Start even when Postgres is down; writes fail (and are retried) until it is back.
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
    }

    @Override
    public boolean markRunning(JobMessage job, int attempt, Instant startedAt, String traceId) throws SQLException {
        String sql = """
                INSERT INTO jobs (id, language, status, status_rank, attempts, limits, submitted_at, started_at, trace_id)
                VALUES (?, ?, 'RUNNING', 1, ?, ?::jsonb, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET status = 'RUNNING', status_rank = 1, attempts = EXCLUDED.attempts,
                    started_at = EXCLUDED.started_at, trace_id = COALESCE(jobs.trace_id, EXCLUDED.trace_id),
                    updated_at = now()
                WHERE jobs.status_rank <= 1""";
        String limits = limitsJson(job);
        return writes.time(() -> {
            try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
                s.setObject(1, UUID.fromString(job.id()));
                s.setString(2, job.language());
                s.setInt(3, attempt);
                s.setString(4, limits);
                s.setTimestamp(5, Timestamp.from(job.submittedAt()));
                s.setTimestamp(6, Timestamp.from(startedAt));
                s.setString(7, traceId);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean finish(JobMessage job, Outcome outcome, String traceId) throws SQLException {
        String sql = """
                INSERT INTO jobs (id, language, status, status_rank, verdict, attempts, exit_code, signal, wall_ms,
                    cpu_ms, memory_peak_kb, stdout_truncated, stderr_truncated, error, limits, submitted_at,
                    started_at, finished_at, trace_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, status_rank = EXCLUDED.status_rank,
                    verdict = EXCLUDED.verdict, attempts = EXCLUDED.attempts, exit_code = EXCLUDED.exit_code,
                    signal = EXCLUDED.signal, wall_ms = EXCLUDED.wall_ms, cpu_ms = EXCLUDED.cpu_ms,
                    memory_peak_kb = EXCLUDED.memory_peak_kb, limits = EXCLUDED.limits,
                    stdout_truncated = EXCLUDED.stdout_truncated, stderr_truncated = EXCLUDED.stderr_truncated,
                    error = EXCLUDED.error, started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,
                    trace_id = COALESCE(jobs.trace_id, EXCLUDED.trace_id), updated_at = now()
                WHERE jobs.status_rank < EXCLUDED.status_rank""";
        String limits = limitsJson(job);
        return writes.time(() -> {
            try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
                int i = 1;
                s.setObject(i++, UUID.fromString(job.id()));
                s.setString(i++, job.language());
                s.setString(i++, outcome.status().name());
                s.setShort(i++, (short) outcome.status().rank());
                s.setString(i++, outcome.verdict() == null ? null : outcome.verdict().name());
                s.setInt(i++, outcome.attempt());
                setInteger(s, i++, outcome.exitCode());
                setInteger(s, i++, outcome.signal());
                setLong(s, i++, outcome.wallMs());
                setLong(s, i++, outcome.cpuMs());
                setLong(s, i++, outcome.memoryPeakKb());
                s.setObject(i++, outcome.stdoutTruncated(), Types.BOOLEAN);
                s.setObject(i++, outcome.stderrTruncated(), Types.BOOLEAN);
                s.setString(i++, outcome.error());
                s.setString(i++, limits);
                s.setTimestamp(i++, Timestamp.from(job.submittedAt()));
                s.setTimestamp(i++, outcome.startedAt() == null ? null : Timestamp.from(outcome.startedAt()));
                s.setTimestamp(i++, Timestamp.from(outcome.finishedAt()));
                s.setString(i, traceId);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void recordStages(String jobId, List<Stage> stages) throws SQLException {
        String sql = """
                INSERT INTO job_stages (job_id, attempt, stage, started_at, ended_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (job_id, attempt, stage) DO UPDATE SET started_at = EXCLUDED.started_at,
                    ended_at = EXCLUDED.ended_at""";
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
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

    /** The job's limits as the API writes them (camelCase JSON), so a row the manager creates is the same row. */
    private String limitsJson(JobMessage job) throws SQLException {
        try {
            return job.limits() == null ? null : json.writeValueAsString(job.limits());
        } catch (JsonProcessingException e) {
            throw new SQLException("failed to encode the limits of job " + job.id(), e);
        }
    }

    private static void setInteger(PreparedStatement s, int index, Integer value) throws SQLException {
        s.setObject(index, value, Types.INTEGER);
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        s.setObject(index, value, Types.BIGINT);
    }

    @Override
    public void close() {
        pool.close();
    }
}
