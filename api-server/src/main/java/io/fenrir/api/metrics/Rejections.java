package io.fenrir.api.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts the requests this instance refused or failed, by HTTP status and stable error code: 429
 * too_many_requests, 503 queue_full, 422 unsupported_language and so on. Both labels are bounded:
 * the codes are the API's own constants, never text from a request.
 */
@ApplicationScoped
public class Rejections {
    private final MeterRegistry registry;

    public Rejections(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(int status, String reason) {
        Counter.builder(MeterNames.REJECTIONS).description("Error answers, by HTTP status and stable error code")
                .tag("status", Integer.toString(status)).tag("reason", reason).register(registry).increment();
    }
}
