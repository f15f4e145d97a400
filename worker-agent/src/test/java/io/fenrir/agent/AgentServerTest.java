package io.fenrir.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.netty.shaded.io.netty.util.internal.PlatformDependent;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent's server sets up beside serving calls. */
class AgentServerTest {

    @TempDir
    Path directory;

    @Test
    void answersItsFirstCallWithNettysFlightRecorderEventsOff() throws Exception {
        try (RunningAgent agent = RunningAgent.start(directory)) {
            assertThat(agent.health().getAgentVersion()).isNotEmpty();
        }
        // Read by Netty once; true here would mean the first buffer loaded the JDK's event machinery.
        assertThat(PlatformDependent.isJfrEnabled()).isFalse();
    }
}
