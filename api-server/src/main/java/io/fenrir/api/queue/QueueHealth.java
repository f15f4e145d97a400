package io.fenrir.api.queue;

import io.nats.client.Connection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means "can accept jobs", and accepting a job needs JetStream and nothing else: PostgreSQL
 * and S3 catch up in the background (see the store health group), so they are not part of it.
 */
@Readiness
@ApplicationScoped
public class QueueHealth implements HealthCheck {
    private final Connection connection;

    public QueueHealth(Connection connection) {
        this.connection = connection;
    }

    @Override
    public HealthCheckResponse call() {
        Connection.Status status = connection.getStatus();
        return HealthCheckResponse.named("job-queue").status(status == Connection.Status.CONNECTED)
                .withData("nats", status.name()).build();
    }
}
