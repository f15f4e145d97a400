package io.fenrir.api.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobNames;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Publishes accepted jobs to the JetStream work queue ({@link JobStream}).
 *
 * <p>A publish returns only after JetStream has stored the message (its PubAck), so a 202 means
 * the job is durable. Each message carries its job id as Nats-Msg-Id: a publish of the same job
 * repeated within {@link JobStream#DUPLICATE_WINDOW} is stored once, even after the first one was
 * acknowledged and removed. A full stream refuses the message: 503 queue_full, so a backlog stops
 * at the door instead of growing without end. While a NATS cluster elects the stream's leader, the
 * publish is sent again for up to fenrir.nats.publish-timeout ({@link LeaderElection}).
 *
 * <p>The publish is a producer span, "publish", in the request's trace; its W3C trace context goes
 * in the message's headers (traceparent), so that the manager's handling of the job continues the
 * same trace, one "job" span per delivery.
 */
@ApplicationScoped
public class JobPublisher {
    private static final Logger LOG = Logger.getLogger(JobPublisher.class);

    static final String PUBLISH_SPAN = "publish";
    private static final TextMapSetter<Headers> HEADERS = (headers, key, value) -> headers.put(key, value);

    /** The message's headers (Nats-Msg-Id, Nats-Expected-Stream, traceparent) count towards max_payload too. */
    private static final int HEADER_ROOM = 1024;

    private final ObjectMapper json;
    private final Connection connection;
    private final JetStream jetStream;
    private final FenrirConfig.Queue queue;
    private final Duration publishTimeout;
    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public JobPublisher(FenrirConfig config, ObjectMapper json, Connection connection, OpenTelemetry telemetry)
            throws IOException {
        this.json = json;
        this.tracer = telemetry.getTracer(JobPublisher.class.getName());
        this.propagator = telemetry.getPropagators().getTextMapPropagator();
        this.connection = connection;
        this.queue = config.queue();
        this.publishTimeout = config.nats().publishTimeout();
        this.jetStream = connection.jetStream(JetStreamOptions.builder()
                .requestTimeout(config.nats().publishTimeout()).build());
    }

    public void publish(JobMessage job) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(job);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to encode job " + job.id(), e);
        }
        // Escaped stdin and arguments can make a valid job larger than the server takes in one
        // message; that is the client's job being too large, not the queue being down (and jnats
        // would refuse it with an IllegalArgumentException). Unknown (-1) until first connected.
        long maxPayload = connection.getMaxPayload();
        if (maxPayload > 0 && body.length + HEADER_ROOM > maxPayload) {
            throw ApiException.tooLarge("the job is " + body.length + " bytes once encoded for the queue; the limit is "
                    + (maxPayload - HEADER_ROOM));
        }
        PublishOptions options = PublishOptions.builder().messageId(job.id()).expectedStream(JobNames.STREAM).build();
        String subject = JobNames.submitSubject(job.id());
        Span span = tracer.spanBuilder(PUBLISH_SPAN).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "nats")
                .setAttribute("messaging.destination.name", subject)
                .setAttribute("messaging.message.id", job.id())
                .setAttribute("fenrir.job.id", job.id())
                .startSpan();
        try (Scope scope = span.makeCurrent()) {
            Headers headers = new Headers();
            propagator.inject(Context.current(), headers, HEADERS);
            NatsMessage message = NatsMessage.builder().subject(subject).headers(headers).data(body).build();
            LeaderElection.awaitLeader(publishTimeout, () -> jetStream.publish(message, options));
        } catch (JetStreamApiException e) {
            span.setStatus(StatusCode.ERROR, e.getErrorDescription());
            if (PublishFailure.streamFull(e.getApiErrorCode(), e.getErrorDescription())) {
                LOG.debugf("refused job %s: stream %s is full (%s)", job.id(), JobNames.STREAM, e.getErrorDescription());
                throw ApiException.unavailable("queue_full", "the job queue is full (" + e.getErrorDescription()
                        + "); nothing was accepted, retry later", queue.retryAfter());
            }
            throw unavailable(job, e);
        } catch (IOException e) {
            span.setStatus(StatusCode.ERROR, e.getMessage());
            // No PubAck in time (no server reachable), or no stream leader for the whole publish timeout.
            throw unavailable(job, e);
        } catch (IllegalStateException e) {
            // The connection's own refusals: its reconnect buffer is full while it moves to another
            // server, or it is closed. The job was not stored either way.
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw unavailable(job, e);
        } finally {
            span.end();
        }
    }

    private ApiException unavailable(JobMessage job, Exception e) {
        LOG.warnf("failed to publish job %s: %s", job.id(), e.getMessage());
        return ApiException.unavailable("queue_unavailable", "the job queue did not accept the job; nothing was"
                + " accepted, retry later", queue.retryAfter());
    }
}
