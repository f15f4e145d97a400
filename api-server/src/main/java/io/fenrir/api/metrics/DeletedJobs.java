package io.fenrir.api.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Counts the finished jobs deleted, by why: a client's DELETE, or retention. */
@ApplicationScoped
public class DeletedJobs {
    private final MeterRegistry registry;

    public DeletedJobs(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param reason "request" or "retention" */
    public void count(String reason) {
        Counter.builder(MeterNames.JOBS_DELETED).description("Finished jobs deleted (rows, stages and objects), by why")
                .tag("reason", reason).register(registry).increment();
    }
}
