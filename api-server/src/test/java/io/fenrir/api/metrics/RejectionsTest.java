package io.fenrir.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RejectionsTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final Rejections rejections = new Rejections(registry);

    /** Answers as the API gives them: the method, the status, the stable code, and whether it refused. */
    @ParameterizedTest(name = "{0} {1} {2} → counted: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            POST   | 422 | unsupported_language   | true
            POST   | 400 | malformed_json         | true
            POST   | 413 | payload_too_large      | true
            POST   | 503 | queue_full             | true
            POST   | 503 | store_backlog          | true
            POST   | 429 | too_many_requests      | true
            POST   | 404 | job_not_found          | true
            POST   | 409 | job_finished           | true
            GET    | 401 | unauthorized           | true
            GET    | 403 | admin_disabled         | true
            GET    | 503 | store_unavailable      | true
            GET    | 404 | job_not_found          | false
            HEAD   | 404 | job_not_found          | false
            GET    | 404 | output_not_found       | false
            GET    | 409 | job_not_finished       | false
            GET    | 500 | internal_error         | false
            POST   | 500 | internal_error         | false
            """)
    void countsOnlyTheAnswersThatRefusedTheRequest(String method, int status, String reason, boolean counted) {
        rejections.countIfRefusal(method, status, reason);
        Counter counter = registry.find("fenrir.api.rejections").tag("status", Integer.toString(status))
                .tag("reason", reason).counter();
        assertThat(counter == null ? 0 : counter.count()).isEqualTo(counted ? 1 : 0);
    }

    @ParameterizedTest
    @CsvSource({"200", "202", "302"})
    void aSuccessIsNeverARefusal(int status) {
        assertThat(Rejections.isRefusal("POST", status)).isFalse();
    }
}
