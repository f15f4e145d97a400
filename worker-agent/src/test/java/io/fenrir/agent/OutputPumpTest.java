package io.fenrir.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fenrir.agent.v1.OutputChunk;
import io.fenrir.agent.v1.RunEvent;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OutputPumpTest {

    private final List<RunEvent> sent = new CopyOnWriteArrayList<>();

    @Test
    void forwardsAStreamWithinItsLimitWhole() throws Exception {
        byte[] output = new byte[150_000];
        ByteArrayInputStream source = new ByteArrayInputStream(output);

        OutputPump pump = OutputPump.start("run", OutputChunk.Stream.STDOUT, source, output.length, sent::add);

        assertThat(pump.awaitEnd(Duration.ofSeconds(10))).isTrue();
        assertThat(forwardedBytes()).isEqualTo(output.length);
        assertThat(pump.truncated()).isFalse();
    }

    @Test
    void forwardsAtMostTheLimitInBoundedChunksAndReadsTheRest() throws Exception {
        ByteArrayInputStream source = new ByteArrayInputStream(new byte[1_000_000]);

        OutputPump pump = OutputPump.start("run", OutputChunk.Stream.STDERR, source, 100_000, sent::add);

        assertThat(pump.awaitEnd(Duration.ofSeconds(10))).isTrue();
        assertThat(forwardedBytes()).isEqualTo(100_000);
        assertThat(sent).allSatisfy(event -> {
            assertThat(event.getOutput().getStep()).isEqualTo("run");
            assertThat(event.getOutput().getStream()).isEqualTo(OutputChunk.Stream.STDERR);
            assertThat(event.getOutput().getData().size()).isBetween(1, OutputPump.MAX_CHUNK_BYTES);
        });
        assertThat(source.available()).as("bytes left unread").isZero();
        assertThat(pump.truncated()).isTrue();
    }

    private int forwardedBytes() {
        return sent.stream().mapToInt(event -> event.getOutput().getData().size()).sum();
    }
}
