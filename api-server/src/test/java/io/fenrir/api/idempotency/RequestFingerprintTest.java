package io.fenrir.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.api.jobs.SubmitRequest;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void whitespaceFieldOrderAndIgnoredFieldsDoNotMakeBodiesDifferent() throws Exception {
        String a = fingerprint("{\"language\":\"c\",\"source\":\"x\",\"limits\":{\"cpuMs\":1000,\"wallMs\":2000}}");
        String b = fingerprint("{ \"limits\" : {\"wallMs\":2000, \"cpuMs\":1000},\n \"source\":\"x\", \"language\":\"c\","
                + " \"comment\":\"ignored by the API\"}");
        assertThat(a).isEqualTo(b).matches("[0-9a-f]{64}");
    }

    @Test
    void anAbsentFieldAndANullOneAreTheSame() throws Exception {
        assertThat(fingerprint("{\"language\":\"c\",\"source\":\"x\"}"))
                .isEqualTo(fingerprint("{\"language\":\"c\",\"source\":\"x\",\"stdin\":null}"));
    }

    @Test
    void anyValueThatReachesTheJobMakesThemDifferent() throws Exception {
        String base = fingerprint("{\"language\":\"c\",\"source\":\"x\",\"args\":[\"a\",\"b\"]}");
        assertThat(fingerprint("{\"language\":\"c\",\"source\":\"x\",\"args\":[\"b\",\"a\"]}")).isNotEqualTo(base);
        assertThat(fingerprint("{\"language\":\"c\",\"source\":\"x \",\"args\":[\"a\",\"b\"]}")).isNotEqualTo(base);
        assertThat(fingerprint("{\"language\":\"c\",\"source\":\"x\",\"args\":[\"a\",\"b\"],\"stdin\":\"\"}"))
                .isNotEqualTo(base);
    }

    @Test
    void limitsAreComparedAsNumbersWrittenPlainly() throws Exception {
        assertThat(RequestFingerprint.canonical(request("{\"language\":\"c\",\"source\":\"x\",\"limits\":{\"cpuMs\":1e3}}")))
                .contains("\"cpuMs\":1000");
    }

    private static String fingerprint(String body) throws Exception {
        return RequestFingerprint.of(request(body));
    }

    private static SubmitRequest request(String body) throws Exception {
        return JSON.readerFor(SubmitRequest.class)
                .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(body);
    }
}
