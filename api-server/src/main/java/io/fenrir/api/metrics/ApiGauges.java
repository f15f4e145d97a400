package io.fenrir.api.metrics;

import io.fenrir.api.ingress.InFlightLimiter;
import io.fenrir.api.persist.BackgroundPersistence;
import io.fenrir.api.queue.StreamDepths;
import io.fenrir.api.wait.JobWaiters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** The API server's gauges, registered at start-up and read at each scrape. */
@Startup
@ApplicationScoped
public class ApiGauges {

    public ApiGauges(MeterRegistry registry, InFlightLimiter limiter, BackgroundPersistence persistence,
            StreamDepths streams, JobWaiters waiters) {
        Gauge.builder(MeterNames.IN_FLIGHT, limiter::inFlight)
                .description("Requests this instance handles now; at fenrir.ingress.max-in-flight the next is a 429")
                .register(registry);
        Gauge.builder(MeterNames.JOB_WAITERS, waiters::waiting)
                .description("Requests waiting for their job to finish (waitMs, Prefer: wait); at"
                        + " fenrir.wait.max-waiters the next GET is a 429 and the next POST does not wait")
                .register(registry);
        Gauge.builder(MeterNames.PENDING_WRITES, persistence::pendingJobs)
                .description("Accepted jobs whose row or source objects are not written yet; at"
                        + " fenrir.persistence.max-pending the next submission is a 503 store_backlog")
                .register(registry);
        Gauge.builder(MeterNames.QUEUE_MESSAGES, streams::jobs)
                .description("Jobs in the work stream FENRIR_JOBS: waiting, or taken and not yet acknowledged")
                .register(registry);
        Gauge.builder(MeterNames.QUEUE_LIMIT, streams::jobLimit)
                .description("The work stream's message limit; at it the next submission is a 503 queue_full")
                .register(registry);
        Gauge.builder(MeterNames.DEAD_LETTER_MESSAGES, streams::deadLetters)
                .description("Dead letters in FENRIR_DLQ, waiting for an operator to replay or drop them")
                .register(registry);
    }
}
