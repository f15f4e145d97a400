package io.fenrir.api.persist;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of the jobs table (see V1__jobs.sql, V2__job_limits.sql, V4__job_trace_id.sql). The API only inserts QUEUED rows
 * and reads; every later change is written by the sandbox manager.
 */
@Entity
@Table(name = "jobs")
public class JobEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public String language;
    public String status;
    @Column(name = "status_rank")
    public short statusRank;
    public String verdict;
    public int attempts;
    @Column(name = "exit_code")
    public Integer exitCode;
    public Integer signal;
    @Column(name = "wall_ms")
    public Long wallMs;
    @Column(name = "cpu_ms")
    public Long cpuMs;
    @Column(name = "memory_peak_kb")
    public Long memoryPeakKb;
    /** JSON, read through {@link LimitsColumn}; the API never writes it through this entity. */
    public String limits;
    @Column(name = "stdout_truncated")
    public Boolean stdoutTruncated;
    @Column(name = "stderr_truncated")
    public Boolean stderrTruncated;
    public String error;
    @Column(name = "submitted_at")
    public Instant submittedAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    @Column(name = "trace_id")
    public String traceId;
    /** JSON, read through {@link TestsColumn}: one result per test, once the job has finished. */
    public String tests;
    @Column(name = "tests_passed")
    public Integer testsPassed;
    @Column(name = "tests_total")
    public Integer testsTotal;
}
