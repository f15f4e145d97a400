package io.fenrir.agent;

import io.fenrir.agent.v1.AgentGrpc;
import io.fenrir.agent.v1.HealthReply;
import io.fenrir.agent.v1.HealthRequest;
import io.fenrir.agent.v1.RunEnd;
import io.fenrir.agent.v1.RunEvent;
import io.fenrir.agent.v1.RunRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Optional;

/**
 * The gRPC face of the agent. It only translates: calls to {@link Agent} and {@link Job}, job
 * events to the response stream, {@link AgentException} kinds to gRPC statuses.
 */
final class AgentService extends AgentGrpc.AgentImplBase {

    private final Agent agent;

    AgentService(Agent agent) {
        this.agent = agent;
    }

    @Override
    public void health(HealthRequest request, StreamObserver<HealthReply> responses) {
        responses.onNext(HealthReply.newBuilder().setAgentVersion(Agent.version()).build());
        responses.onCompleted();
    }

    @Override
    public void run(RunRequest request, StreamObserver<RunEvent> responses) {
        ServerCallStreamObserver<RunEvent> call = (ServerCallStreamObserver<RunEvent>) responses;
        RunStream stream = new RunStream(call);
        Job job;
        try {
            job = agent.accept(request, stream, TraceContextInterceptor.TRACE_CONTEXT.get());
        } catch (AgentException e) {
            stream.fail(statusOf(e));
            return;
        }
        // With a cancel handler set, sending on a cancelled call is a no-op rather than an exception.
        call.setOnCancelHandler(job::cancel);
        // Not on the handler thread: gRPC delivers this call's cancel on the same serialized
        // executor, so a handler busy for the whole job would hold the cancel back until it ended.
        new Thread(() -> runToEnd(job, stream), "job").start();
    }

    /**
     * Runs the job, removes what it had, then sends its spans (when traced) and its RunEnd (when it ran
     * to its end), frees the slot, and only then ends the stream with its outcome: the manager sends the
     * next Run as soon as the stream ends, and it must find the slot free.
     */
    private void runToEnd(Job job, RunStream stream) {
        Status failure = null;
        try {
            try {
                job.run();
            } catch (AgentException e) {
                failure = statusOf(e);
            } catch (RuntimeException | Error e) {
                // An Error too (a class missing from a mismatched build, a stack overflow): the stream must
                // still end, with the worker marked not reusable, rather than leave the manager to its deadline.
                failure = Status.INTERNAL.withDescription("failed to run job: " + e).withCause(e);
            }
            RunEnd end = job.end(failure != null);
            sendSpans(job, Optional.ofNullable(failure).map(Status::getDescription), stream);
            if (failure == null) {
                stream.send(RunEvent.newBuilder().setEnd(end).build());
            }
        } finally {
            agent.release();
        }
        if (failure == null) {
            stream.complete();
        } else {
            stream.fail(failure);
        }
    }

    /** The job's result is already sent: a failure to encode its spans costs the spans only. */
    private static void sendSpans(Job job, Optional<String> failure, RunStream stream) {
        try {
            job.endTrace(failure).ifPresent(stream::send);
        } catch (RuntimeException e) {
            System.err.println("failed to send the run's spans: " + e);
        }
    }

    private static Status statusOf(AgentException e) {
        Status status = switch (e.kind()) {
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
            case INTERNAL -> Status.INTERNAL;
        };
        return status.withDescription(e.getMessage()).withCause(e.getCause());
    }

    /**
     * The response stream, shared by the job thread and the two output pumps of the running step:
     * a StreamObserver is not thread-safe, so every call is serialized here.
     */
    private static final class RunStream implements RunEventSink {

        private final StreamObserver<RunEvent> call;
        private boolean ended;

        RunStream(StreamObserver<RunEvent> call) {
            this.call = call;
        }

        /** Dropped once the stream has ended: a pump may still be reading when the job fails mid-step. */
        @Override
        public synchronized void send(RunEvent event) {
            if (!ended) {
                call.onNext(event);
            }
        }

        synchronized void complete() {
            ended = true;
            call.onCompleted();
        }

        synchronized void fail(Status status) {
            ended = true;
            call.onError(status.asRuntimeException());
        }
    }
}
