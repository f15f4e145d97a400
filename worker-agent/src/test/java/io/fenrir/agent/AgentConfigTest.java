package io.fenrir.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

    @Test
    void traceIsAFlagWithoutAValueAnywhereOnTheLine() {
        AgentConfig config = AgentConfig.parse(new String[] {"--socket", "/run/a.sock", "--trace", "--workdir", "/w"});

        assertThat(config.trace()).isTrue();
        assertThat(config.socket()).isEqualTo(Path.of("/run/a.sock"));
        assertThat(config.workdir()).isEqualTo(Path.of("/w"));
    }

    @Test
    void withoutTheFlagTheAgentDoesNotPrepareTracing() {
        assertThat(AgentConfig.parse(new String[] {"--socket", "/run/a.sock", "--workdir", "/w"}).trace()).isFalse();
    }

    @Test
    void anOptionWithoutItsValueIsRefused() {
        assertThatThrownBy(() -> AgentConfig.parse(new String[] {"--workdir", "/w", "--socket"}))
                .hasMessageContaining("--socket needs a value");
    }
}
