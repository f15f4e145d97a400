package io.fenrir.api.ingress;

import io.fenrir.api.config.FenrirConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The process's one in-flight counter, shared by the filter that admits requests and the health check. */
public class IngressLimits {

    @Produces
    @Singleton
    InFlightLimiter limiter(FenrirConfig config) {
        return new InFlightLimiter(config.ingress().maxInFlight());
    }
}
