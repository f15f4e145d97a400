package io.fenrir.api.persist;

import io.agroal.api.AgroalDataSource;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The API's writes to a job's record, made by core's {@link JobTable} (the one owner of every write
 * either process makes) on a connection of the API's data source, in the method's transaction. A store
 * that fails is a {@link PersistenceException}, as the API's reads report it.
 */
@ApplicationScoped
public class JobRows {
    private final AgroalDataSource dataSource;

    public JobRows(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records an accepted job as QUEUED, with its first stages (see {@link JobTable#insertQueued}).
     *
     * @param publishedAt   when JetStream confirmed it holds the job
     * @param traceId       the job's trace id, or null when tracing is off
     * @param sourcesStored whether every source object of the job is in S3 already
     */
    @Transactional
    public void insertQueued(JobMessage job, Instant publishedAt, String traceId, boolean sourcesStored) {
        try (Connection c = dataSource.getConnection()) {
            JobTable.insertQueued(c, job, publishedAt, traceId, sourcesStored);
        } catch (SQLException e) {
            throw failed("insert job " + job.id(), e);
        }
    }

    /** Moves a FAILED job back to QUEUED for a dead-letter replay (see {@link JobTable#requeueFailed}). */
    @Transactional
    public void requeueFailed(String jobId) {
        try (Connection c = dataSource.getConnection()) {
            JobTable.requeueFailed(c, jobId);
        } catch (SQLException e) {
            throw failed("requeue job " + jobId, e);
        }
    }

    /** Records the job CANCELLED unless it already finished. Returns false when it had (or has no row). */
    @Transactional
    public boolean cancel(UUID id) {
        try (Connection c = dataSource.getConnection()) {
            return JobTable.cancel(c, id.toString());
        } catch (SQLException e) {
            throw failed("cancel job " + id, e);
        }
    }

    /**
     * As {@link #cancel(UUID)} for a job whose QUEUED row may not be written yet: an upsert. Returns
     * false when the job had finished.
     */
    @Transactional
    public boolean cancel(JobMessage job) {
        try (Connection c = dataSource.getConnection()) {
            return JobTable.cancel(c, job);
        } catch (SQLException e) {
            throw failed("cancel job " + job.id(), e);
        }
    }

    /** Deletes a finished job's row and stages, leaving its tombstone (see {@link JobTable#deleteFinished}). */
    @Transactional
    public boolean deleteFinished(String jobId) {
        try (Connection c = dataSource.getConnection()) {
            return JobTable.deleteFinished(c, jobId);
        } catch (SQLException e) {
            throw failed("delete job " + jobId, e);
        }
    }

    /** Whether the job was deleted (it has a tombstone). */
    public boolean isDeleted(String jobId) {
        try (Connection c = dataSource.getConnection()) {
            return JobTable.isDeleted(c, jobId);
        } catch (SQLException e) {
            throw failed("read the tombstone of job " + jobId, e);
        }
    }

    /** Up to {@code limit} jobs that finished before {@code before}, oldest first. */
    public List<String> finishedBefore(Instant before, int limit) {
        try (Connection c = dataSource.getConnection()) {
            return JobTable.finishedBefore(c, before, limit);
        } catch (SQLException e) {
            throw failed("find jobs that finished before " + before, e);
        }
    }

    private static PersistenceException failed(String what, SQLException cause) {
        return new PersistenceException("failed to " + what + ": " + cause.getMessage(), cause);
    }
}
