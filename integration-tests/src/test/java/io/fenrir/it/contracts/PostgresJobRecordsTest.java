package io.fenrir.it.contracts;

import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobStatus;
import io.fenrir.core.job.JobTable;
import io.fenrir.core.job.Stage;
import io.fenrir.core.job.Verdict;
import io.fenrir.it.harness.PostgresServer;
import io.fenrir.manager.metrics.ManagerMetrics;
import io.fenrir.manager.persist.JobRecordView;
import io.fenrir.manager.persist.JobRecords;
import io.fenrir.manager.persist.JobRecordsContract;
import io.fenrir.manager.persist.PostgresJobRecords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The manager's PostgreSQL job records and the API's writes, on the shared schema, held to the same contract as the in-memory ones. */
@Tag("host")
class PostgresJobRecordsTest extends JobRecordsContract {
    private static PostgresServer postgres;
    private static ManagerMetrics metrics;
    private static PostgresJobRecords records;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = new PostgresServer().start();
        try (Connection connection = postgres.connect()) {
            Migrations.apply(connection);
        }
        metrics = new ManagerMetrics();
        records = new PostgresJobRecords(postgres.jdbcUrl(), postgres.user(), postgres.password(),
                metrics.postgresWrites());
    }

    @AfterAll
    static void stopPostgres() {
        if (records != null) {
            records.close();
            metrics.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    protected JobRecords records() {
        return records;
    }

    @Override
    protected Optional<JobRecordView> read(String id) throws Exception {
        try (Connection c = postgres.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT status, verdict, attempts, exit_code, error, trace_id FROM jobs WHERE id = ?")) {
            s.setObject(1, UUID.fromString(id));
            try (ResultSet row = s.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String verdict = row.getString("verdict");
                return Optional.of(new JobRecordView(id, JobStatus.valueOf(row.getString("status")),
                        verdict == null ? null : Verdict.valueOf(verdict), row.getInt("attempts"),
                        (Integer) row.getObject("exit_code"), row.getString("error"), row.getString("trace_id")));
            }
        }
    }

    @Override
    protected List<Stage> stages(String id) throws Exception {
        try (Connection c = postgres.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT stage, attempt, started_at, ended_at FROM job_stages WHERE job_id = ?")) {
            s.setObject(1, UUID.fromString(id));
            List<Stage> stages = new ArrayList<>();
            try (ResultSet row = s.executeQuery()) {
                while (row.next()) {
                    stages.add(new Stage(stageNamed(row.getString("stage")), row.getInt("attempt"),
                            row.getTimestamp("started_at").toInstant(), row.getTimestamp("ended_at").toInstant()));
                }
            }
            return stages;
        }
    }

    /** The API's QUEUED insert after its puts of the job's sources succeeded (its JobRows, as BackgroundPersistence calls it). */
    @Override
    protected void insertAsApiWithSourcesStored(JobMessage job) throws Exception {
        try (Connection c = postgres.connect()) {
            JobTable.insertQueued(c, job, Instant.now(), null, true);
        }
    }

    private static Stage.Name stageNamed(String wire) {
        return Arrays.stream(Stage.Name.values()).filter(name -> name.wire().equals(wire)).findFirst().orElseThrow();
    }

    /** The API's own writes (core's JobTable, as the API's JobRows calls it): its QUEUED insert, its cancel. */
    @Override
    protected void putAsApi(JobMessage job, JobStatus status) throws Exception {
        try (Connection c = postgres.connect()) {
            if (status == JobStatus.QUEUED) {
                JobTable.insertQueued(c, job, Instant.now(), null, false);
            } else if (status == JobStatus.CANCELLED) {
                JobTable.cancel(c, job);
            } else {
                throw new IllegalArgumentException("the API does not write " + status);
            }
        }
    }
}
