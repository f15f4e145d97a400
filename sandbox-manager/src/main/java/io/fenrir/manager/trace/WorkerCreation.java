package io.fenrir.manager.trace;

import io.opentelemetry.api.trace.SpanContext;
import java.time.Instant;

/**
 * How a warm worker came to be, for the span of the job it runs later.
 *
 * @param span    the span of its creation (the root of its own trace); invalid with tracing off
 * @param readyAt when its agent first answered
 */
public record WorkerCreation(SpanContext span, Instant readyAt) {
}
