package io.fenrir.platform.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class JetStreamErrorsTest {

    @Test
    void anAnswerIsFoundAsThrownOrWrappedAsJnatsWrapsIt() {
        var missing = JetStreamTopologyTest.apiError(JetStreamErrors.STREAM_NOT_FOUND, "stream not found");
        assertThat(JetStreamErrors.is(missing, JetStreamErrors.STREAM_NOT_FOUND)).isTrue();
        assertThat(JetStreamErrors.is(new IOException(missing), JetStreamErrors.STREAM_NOT_FOUND)).isTrue();
        assertThat(JetStreamErrors.is(missing, JetStreamErrors.NO_MESSAGE_FOUND)).isFalse();
        assertThat(JetStreamErrors.is(new IOException("timeout"), JetStreamErrors.STREAM_NOT_FOUND)).isFalse();
    }
}
