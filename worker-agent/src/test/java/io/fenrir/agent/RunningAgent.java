package io.fenrir.agent;

import io.fenrir.agent.v1.AgentGrpc;
import io.fenrir.agent.v1.HealthReply;
import io.fenrir.agent.v1.HealthRequest;
import io.fenrir.agent.v1.RunEvent;
import io.fenrir.agent.v1.RunRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An agent served in-process on a Unix socket, and a real gRPC client talking to it over that socket. */
final class RunningAgent implements AutoCloseable {

    /** Bounds every call, so a hanging agent fails the test instead of stalling the build. */
    static final Duration CALL_DEADLINE = Duration.ofSeconds(30);

    final Path workdir;
    private final AgentServer server;
    private final ManagedChannel channel;

    private RunningAgent(Path workdir, AgentServer server, ManagedChannel channel) {
        this.workdir = workdir;
        this.server = server;
        this.channel = channel;
    }

    static RunningAgent start(Path directory) throws IOException {
        Path workdir = Files.createDirectories(directory.resolve("work"));
        Path socket = directory.resolve("agent.sock");
        AgentServer server = AgentServer.start(socket, new AgentService(new Agent(new AgentConfig(socket, workdir, java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), false), Bubblewrap.forRoot(Path.of("/")))));
        ManagedChannel channel = Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
        return new RunningAgent(workdir, server, channel);
    }

    AgentGrpc.AgentBlockingStub client() {
        return AgentGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    HealthReply health() {
        return client().health(HealthRequest.getDefaultInstance());
    }

    /** Runs the request to the end of its stream; a stream ending in an error throws StatusRuntimeException. */
    RunEvents run(RunRequest request) {
        return run(request, new Metadata());
    }

    /**
     * As {@link #run(RunRequest)}, with call metadata (a trace context); the events that arrived before
     * an error are added to {@code events} too.
     */
    RunEvents run(RunRequest request, Metadata headers, List<RunEvent> events) {
        Iterator<RunEvent> stream = client().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .run(request);
        stream.forEachRemaining(events::add);
        return new RunEvents(events);
    }

    RunEvents run(RunRequest request, Metadata headers) {
        return run(request, headers, new ArrayList<>());
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.stop(Duration.ZERO);
    }
}
