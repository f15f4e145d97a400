package io.fenrir.api.metrics;

/**
 * The API server's own meter names, in one place (Micrometer's dots; Prometheus sees underscores and
 * the unit, e.g. {@code fenrir_api_rejections_total}). Shared with the manager: the storage-write
 * timer, in platform's {@link io.fenrir.platform.metrics.CommonMeters}. docs/observability.md lists
 * what each means.
 */
final class MeterNames {
    /** Quarkus's timer of every HTTP request: method, uri (the path template), status, outcome. */
    static final String HTTP_SERVER_REQUESTS = "http.server.requests";
    /** Refused requests, by status and stable error code (the "reason"); see {@link Rejections}. */
    static final String REJECTIONS = "fenrir.api.rejections";
    /** Requests this instance handles now, of at most fenrir.ingress.max-in-flight. */
    static final String IN_FLIGHT = "fenrir.api.requests.in.flight";
    static final String JOB_WAITERS = "fenrir.api.job.waiters";
    static final String JOBS_DELETED = "fenrir.api.jobs.deleted";
    /** Accepted jobs whose row or source objects are not written yet (503 store_backlog at the limit). */
    static final String PENDING_WRITES = "fenrir.api.pending.writes";
    /** Messages in the work stream FENRIR_JOBS: waiting, or taken by a manager and not yet acknowledged. */
    static final String QUEUE_MESSAGES = "fenrir.queue.messages";
    /** The work stream's message limit (fenrir.queue.max-pending as applied); at it, 503 queue_full. */
    static final String QUEUE_LIMIT = "fenrir.queue.limit.messages";
    /** Messages of finished jobs the sweep removed from FENRIR_JOBS: acknowledged, but kept by a killed nats-server. */
    static final String QUEUE_LEFTOVERS_REMOVED = "fenrir.queue.leftovers.removed";
    /** Dead letters in FENRIR_DLQ, waiting for an operator to replay or drop them. */
    static final String DEAD_LETTER_MESSAGES = "fenrir.dead.letter.messages";

    private MeterNames() {
    }
}
