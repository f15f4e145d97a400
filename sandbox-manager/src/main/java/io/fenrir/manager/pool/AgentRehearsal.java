package io.fenrir.manager.pool;

import com.google.protobuf.ByteString;
import io.fenrir.agent.v1.AgentGrpc;
import io.fenrir.agent.v1.File;
import io.fenrir.agent.v1.HealthRequest;
import io.fenrir.agent.v1.RunEvent;
import io.fenrir.agent.v1.RunRequest;
import io.fenrir.agent.v1.Step;
import io.fenrir.agent.v1.StepLimits;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * What the agent does while its class archive ({@link AgentClassArchive}) is made, so that the classes of
 * a worker's first calls are in it too, not only those of its start: the Health call that tells the
 * manager a worker is ready (measured: ~110 ms less of the agent's CPU for it) and one Run of a fixed
 * step, a shell script that prints a line, with output, end and all. The step is the manager's own, never a
 * job's; the archive's agent runs without sandbox flags, so it runs the script directly.
 */
final class AgentRehearsal {
    private static final long CALL_DEADLINE_SECONDS = 20;
    private static final StepLimits LIMITS = StepLimits.newBuilder().setWallMs(10_000).setCpuMs(10_000)
            .setOutputBytes(64 * 1024).setFileBytes(1024 * 1024).setStackBytes(8 * 1024 * 1024)
            .setMemoryBytes(64 * 1024 * 1024).setPids(16).setCpuQuotaMicros(100_000).setTmpfsBytes(1024 * 1024)
            .build();

    private AgentRehearsal() {
    }

    /** Calls the agent listening on {@code socket} (a host path) as a fresh worker's manager would. */
    static void perform(Path socket) throws IOException {
        ManagedChannel channel = Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
        try {
            AgentGrpc.AgentBlockingStub agent = AgentGrpc.newBlockingStub(channel);
            agent.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS).health(HealthRequest.getDefaultInstance());
            Iterator<RunEvent> events = agent.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS).run(run());
            boolean ended = false;
            while (events.hasNext()) {
                ended |= events.next().hasEnd();
            }
            if (!ended) {
                throw new IOException("failed to rehearse a run: its stream ended without a RunEnd");
            }
        } catch (StatusRuntimeException e) {
            throw new IOException("failed to rehearse the agent's calls: " + e.getStatus(), e);
        } finally {
            channel.shutdownNow();
        }
    }

    private static RunRequest run() {
        return RunRequest.newBuilder()
                .setJobId("class-archive")
                .addFiles(File.newBuilder().setName("main.sh").setContent(ByteString.copyFromUtf8("read line; echo \"$line\"\n")))
                .setStdin(ByteString.copyFromUtf8("rehearsed\n"))
                .addSteps(Step.newBuilder().setName("run").addArgv("/bin/sh").addArgv("main.sh").setAttachStdin(true)
                        .setLimits(LIMITS))
                .build();
    }
}
