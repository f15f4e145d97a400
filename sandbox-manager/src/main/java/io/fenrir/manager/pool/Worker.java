package io.fenrir.manager.pool;

import io.fenrir.agent.v1.AgentGrpc;
import io.fenrir.manager.trace.WorkerCreation;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One warm sandbox container with its agent answering on a Unix socket. A worker serves jobs one at a
 * time, each in fresh sandboxes the agent makes, until the pool retires it (see {@link WorkerPool}).
 *
 * @param id        container id in containerd
 * @param socketDir the host directory bind-mounted at /run/fenrir in the container
 * @param channel   gRPC channel to the agent, connected before any job ran
 * @param creation  its creation's span and end, for the span of the job it runs
 */
public record Worker(String id, Path socketDir, ManagedChannel channel, WorkerCreation creation, AtomicInteger jobsRun) {

    public Worker(String id, Path socketDir, ManagedChannel channel, WorkerCreation creation) {
        this(id, socketDir, channel, creation, new AtomicInteger());
    }

    public AgentGrpc.AgentBlockingStub agent() {
        return AgentGrpc.newBlockingStub(channel);
    }

    void closeChannel() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
