package io.fenrir.api.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts the messages of finished jobs the sweep removed from the work stream (docs/reliability.md);
 * registered at start-up, so that it reads 0 until the first.
 */
@Startup
@ApplicationScoped
public class QueueLeftovers {
    private final Counter removed;

    public QueueLeftovers(MeterRegistry registry) {
        this.removed = Counter.builder(MeterNames.QUEUE_LEFTOVERS_REMOVED)
                .description("Messages of finished jobs that the work stream kept after their acknowledgement"
                        + " (nats-server killed before it wrote their removal), removed by the sweep")
                .register(registry);
    }

    public void removed(int messages) {
        removed.increment(messages);
    }
}
