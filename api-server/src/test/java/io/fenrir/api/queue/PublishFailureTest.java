package io.fenrir.api.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublishFailureTest {

    /** Descriptions as nats-server 2.9.10 sends them (checked against a real server). */
    @ParameterizedTest(name = "{0} {1} → full: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10077 | maximum messages exceeded             | true
            10077 | maximum bytes exceeded                | true
            10077 | maximum messages per subject exceeded | true
            10077 | no space left on device               | false
            10023 | insufficient resources                | false
            10060 | expected stream does not match        | false
            10077 |                                       | false
            """)
    void onlyAStreamAtOneOfItsLimitsIsFull(int code, String description, boolean full) {
        assertThat(PublishFailure.streamFull(code, description)).isEqualTo(full);
    }

    /** The messages jnats 2.26.2 gives a status reply and a publish nobody answered in time. */
    @Test
    void onlyAStatusReplyOfNoRespondersMeansNoServerTookThePublish() {
        String noResponders = "Error Publishing: 503 No Responders Available For Request";
        String timeout = "Timeout or no response waiting for NATS JetStream server";
        assertThat(PublishFailure.noResponders(new IOException(noResponders))).isTrue();
        assertThat(PublishFailure.noResponders(new IOException(timeout))).isFalse();
        assertThat(PublishFailure.noResponders(new IOException((String) null))).isFalse();
    }
}
