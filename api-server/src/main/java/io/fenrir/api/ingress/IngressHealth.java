package io.fenrir.api.ingress;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * How busy this instance is, at /q/health/group/ingress. Always UP: a saturated instance refuses
 * single requests with 429; taking it out of rotation would only move its load onto the others.
 */
@HealthGroup("ingress")
@ApplicationScoped
public class IngressHealth implements HealthCheck {
    private final InFlightLimiter limiter;

    public IngressHealth(InFlightLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("ingress").up().withData("inFlight", limiter.inFlight())
                .withData("maxInFlight", limiter.max()).build();
    }
}
