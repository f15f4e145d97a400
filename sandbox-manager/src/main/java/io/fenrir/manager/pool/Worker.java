package io.fenrir.manager.pool;

import io.fenrir.agent.v1.AgentGrpc;
import io.fenrir.manager.trace.WorkerCreation;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One warm sandbox container with its agent answering on a Unix socket. A worker runs at most one
 * job and is then destroyed; it is never reused.
 *
 * @param id        container id in containerd
 * @param socketDir the host directory bind-mounted at /run/fenrir in the container
 * @param channel   gRPC channel to the agent, connected before any job ran
 * @param creation  its creation's span and end, for the span of the job it runs
 */
public record Worker(String id, Path socketDir, ManagedChannel channel, WorkerCreation creation) {

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
