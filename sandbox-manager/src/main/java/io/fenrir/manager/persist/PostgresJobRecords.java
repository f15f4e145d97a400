package io.fenrir.manager.persist;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobTable;
import io.fenrir.core.job.Outcome;
import io.fenrir.core.job.Stage;
import io.fenrir.platform.metrics.WriteTimer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link JobRecords} in PostgreSQL: core's {@link JobTable} writes on a small connection pool, timed. */
public final class PostgresJobRecords implements JobRecords, AutoCloseable {
    private final HikariDataSource pool;
    private final WriteTimer writes;

    public PostgresJobRecords(String url, String user, String password, WriteTimer writes) {
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
    public Optional<Running> markRunning(JobMessage job, int attempt, Instant startedAt, String traceId)
            throws SQLException {
        Optional<JobTable.Running> row = writes.time(() -> {
            try (Connection c = pool.getConnection()) {
                return JobTable.markRunning(c, job, attempt, startedAt, traceId);
            }
        });
        return row.map(running -> new Running(running.sourcesStored()));
    }

    @Override
    public boolean sourcesStored(String jobId) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return JobTable.sourcesStored(c, jobId);
        }
    }

    @Override
    public boolean finish(JobMessage job, Outcome outcome, String traceId) throws SQLException {
        return writes.time(() -> {
            try (Connection c = pool.getConnection()) {
                return JobTable.finish(c, job, outcome, traceId);
            }
        });
    }

    @Override
    public void recordStages(String jobId, List<Stage> stages) throws SQLException {
        try (Connection c = pool.getConnection()) {
            JobTable.recordStages(c, jobId, stages);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
