package io.fenrir.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.api.jobs.JobService;
import io.fenrir.api.jobs.JobView;
import io.fenrir.api.jobs.TestView;
import io.fenrir.api.wait.FreshJobReads;
import io.fenrir.api.wait.JobWaiters;
import io.fenrir.core.job.JobNames;
import io.fenrir.core.job.JobStatus;
import io.fenrir.platform.nats.JetStreamTopology;
import io.fenrir.platform.nats.JobEventStream;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * GET /jobs/{id}/events: a job's status changes and output as they happen, as Server-Sent Events, read
 * from the job's subject on the event stream that the managers write (an ordered consumer per
 * follower, on one shared dispatcher). Each event from the stream carries its stream sequence as its
 * id, so that a client that reconnects with Last-Event-ID continues after it. A job that has finished
 * replays its stored output instead. The feed ends with the job's final status and an "end" event,
 * once the job's finished event arrives, or shortly after its finished notice if that event was lost.
 */
@Startup
@ApplicationScoped
public class JobEventFeed {
    private static final Logger LOG = Logger.getLogger(JobEventFeed.class);
    /** After the finished notice, how long the stream's own finished event may still take. */
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final JobService jobs;
    private final FreshJobReads reads;
    private final JobWaiters waiters;
    private final ObjectMapper json;
    private final JetStream jetStream;
    private final Dispatcher dispatcher;
    private final Duration maxDuration;
    private final Duration retryAfter;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "job-events");
        thread.setDaemon(true);
        return thread;
    });

    public JobEventFeed(JobService jobs, FreshJobReads reads, JobWaiters waiters, ObjectMapper json,
            Connection connection, JetStreamTopology topology, FenrirConfig config) throws IOException {
        this.jobs = jobs;
        this.reads = reads;
        this.waiters = waiters;
        this.json = json;
        JobEventStream.ensure(topology);
        this.jetStream = connection.jetStream();
        this.dispatcher = connection.createDispatcher();
        this.maxDuration = config.waits().maxEventStream();
        this.retryAfter = config.waits().retryAfter();
    }

    /**
     * The events of job {@code id}, after event {@code lastEventId} when the client resumes.
     *
     * @param leaveIngress called once the feed follows a running job (it then leaves the in-flight count)
     * @throws ApiException as GET /jobs/{id}; 400 invalid_parameter for a Last-Event-ID this API did not
     *                      send; 429 too_many_waiters when this instance follows its maximum of jobs
     */
    public Multi<OutboundSseEvent> follow(String id, String lastEventId, Sse sse, Runnable leaveIngress) {
        Optional<Long> after = sequence(lastEventId);
        JobView job = jobs.find(id);
        boolean finished = JobStatus.valueOf(job.status()).isTerminal();
        if (finished && after.isEmpty()) {
            return Multi.createFrom().iterable(replay(job, sse));
        }
        CompletableFuture<Void> notice = waiters.await(job.id(), maxDuration).orElseThrow(() -> ApiException.tooMany(
                "too_many_waiters", "this API instance follows " + waiters.max() + " jobs, its limit; retry",
                retryAfter));
        leaveIngress.run();
        return Multi.createFrom().emitter(emitter -> new Follower(job, sse, emitter, notice).start(after, finished));
    }

    @PreDestroy
    void stop() {
        timers.shutdownNow();
    }

    /** A finished job: its status, its stored outputs, the end. */
    private List<OutboundSseEvent> replay(JobView job, Sse sse) {
        List<OutboundSseEvent> events = new ArrayList<>();
        events.add(status(sse, job));
        if (JobStatus.valueOf(job.status()) == JobStatus.COMPLETED) {
            stored(sse, events, "compile-output", "compile", () -> jobs.compileOutput(job.id()));
            stored(sse, events, "stdout", "run", () -> jobs.stdout(job.id()));
            stored(sse, events, "stderr", "run", () -> jobs.stderr(job.id()));
            for (TestView test : job.tests() == null ? List.<TestView>of() : job.tests()) {
                String index = Integer.toString(test.index());
                stored(sse, events, "stdout", "test-" + index, () -> jobs.testOutput(job.id(), index, false));
                stored(sse, events, "stderr", "test-" + index, () -> jobs.testOutput(job.id(), index, true));
            }
        }
        events.add(sse.newEventBuilder().name("end").data("{}").build());
        return events;
    }

    private void stored(Sse sse, List<OutboundSseEvent> events, String name, String step,
            java.util.function.Supplier<InputStream> output) {
        try (InputStream in = output.get()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length > 0) {
                events.add(sse.newEventBuilder().name(name)
                        .data(encode(new JobEvent(step, new String(bytes, StandardCharsets.UTF_8)))).build());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read the " + name + " of job", e);
        }
    }

    private OutboundSseEvent status(Sse sse, JobView job) {
        return sse.newEventBuilder().name(JobNames.EVENT_STATUS).data(encode(job)).build();
    }

    private String encode(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to encode an event", e);
        }
    }

    private static Optional<Long> sequence(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return Optional.empty();
        }
        try {
            long sequence = Long.parseLong(lastEventId.strip());
            if (sequence >= 0) {
                return Optional.of(sequence);
            }
        } catch (NumberFormatException e) {
            // Refused below.
        }
        throw ApiException.invalid("invalid_parameter", "Last-Event-ID is '" + lastEventId
                + "'; it must be the id of an event this API sent");
    }

    /** One client following one job that had not finished (or resuming after an event). */
    private final class Follower {
        private final JobView job;
        private final Sse sse;
        private final MultiEmitter<? super OutboundSseEvent> emitter;
        private final CompletableFuture<Void> notice;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile JetStreamSubscription subscription;

        Follower(JobView job, Sse sse, MultiEmitter<? super OutboundSseEvent> emitter, CompletableFuture<Void> notice) {
            this.job = job;
            this.sse = sse;
            this.emitter = emitter;
            this.notice = notice;
        }

        void start(Optional<Long> after, boolean finished) {
            emitter.onTermination(this::close);
            emit(status(sse, job));
            ConsumerConfiguration.Builder from = ConsumerConfiguration.builder();
            if (after.isPresent()) {
                from.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(after.get() + 1);
            } else {
                from.deliverPolicy(DeliverPolicy.All);
            }
            try {
                subscription = jetStream.subscribe(JobNames.eventSubject(job.id()), dispatcher, this::onEvent, false,
                        PushSubscribeOptions.builder().ordered(true).configuration(from.build()).build());
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                // Without the live events the feed still ends with the job's final status.
                LOG.debugf("failed to follow the events of job %s: %s", job.id(), e.getMessage());
            }
            if (finished) {
                timers.schedule(this::end, GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
            notice.thenRun(() -> timers.schedule(this::end, GRACE.toMillis(), TimeUnit.MILLISECONDS));
        }

        private void onEvent(Message message) {
            String kind = message.getHeaders() == null ? null : message.getHeaders().getFirst(JobNames.EVENT_KIND);
            if (JobNames.EVENT_FINISHED.equals(kind)) {
                // Off the shared dispatcher's thread: the end reads the job from PostgreSQL.
                timers.execute(this::end);
                return;
            }
            String id = Long.toString(message.metaData().streamSequence());
            String data;
            if (JobNames.EVENT_STATUS.equals(kind)) {
                data = "{\"status\":\"RUNNING\",\"attempt\":" + new String(message.getData(), StandardCharsets.US_ASCII)
                        .replaceAll("[^0-9]", "") + "}";
            } else if (kind != null) {
                data = encode(new JobEvent(message.getHeaders().getFirst(JobNames.EVENT_STEP),
                        new String(message.getData(), StandardCharsets.UTF_8)));
            } else {
                return;
            }
            emit(sse.newEventBuilder().id(id).name(kind).data(data).build());
        }

        /** The job's status as stored now, then "end"; once, whichever way the end comes. */
        private void end() {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            try {
                emit(status(sse, reads.find(job.id())));
            } catch (RuntimeException e) {
                LOG.debugf("failed to read job %s at the end of its events: %s", job.id(), e.getMessage());
            }
            emit(sse.newEventBuilder().name("end").data("{}").build());
            emitter.complete();
        }

        private synchronized void emit(OutboundSseEvent event) {
            if (!emitter.isCancelled()) {
                emitter.emit(event);
            }
        }

        private void close() {
            ended.set(true);
            notice.complete(null);
            JetStreamSubscription current = subscription;
            if (current != null) {
                try {
                    dispatcher.unsubscribe(current);
                } catch (RuntimeException e) {
                    LOG.debugf("failed to stop following job %s: %s", job.id(), e.getMessage());
                }
            }
        }
    }
}
