package io.fenrir.api.persist;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The job store (PostgreSQL) at /q/health/group/store: DOWN until the schema is migrated and
 * whenever the database does not answer, with the backlog of writes waiting for it. Not part of
 * readiness on purpose: without PostgreSQL the API still accepts jobs (JetStream is the durable
 * log) and answers for the jobs it accepted; only reads of other jobs fail, with 503
 * store_unavailable. Operators alert on this group; load balancers keep sending jobs.
 */
@HealthGroup("store")
@ApplicationScoped
public class StoreHealth implements HealthCheck {
    private static final int PROBE_SECONDS = 2;

    private final StoreMigration migration;
    private final DataSource dataSource;
    private final BackgroundPersistence persistence;

    public StoreHealth(StoreMigration migration, DataSource dataSource, BackgroundPersistence persistence) {
        this.migration = migration;
        this.dataSource = dataSource;
        this.persistence = persistence;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("job-store")
                .withData("migrated", migration.migrated())
                .withData("pendingJobs", persistence.pendingJobs())
                .withData("pendingBytes", persistence.pendingBytes());
        boolean reachable;
        try (Connection connection = dataSource.getConnection()) {
            reachable = connection.isValid(PROBE_SECONDS);
        } catch (SQLException e) {
            reachable = false;
            response.withData("error", String.valueOf(e.getMessage()));
        }
        return response.withData("reachable", reachable).status(reachable && migration.migrated()).build();
    }
}
