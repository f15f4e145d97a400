package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.stack.FenrirStack;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.KeyValueStatus;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Idempotency-Key bucket has a byte cap (FENRIR_IDEMPOTENCY_MAX_BYTES, issue 4): once it is full a new key
 * is refused with a 503 the client can act on, while keys already taken and requests without a key still work.
 */
@Tag("e2e")
class IdempotencyStoreFullTest {
    /** A few keys' worth. */
    private static final int MAX_BYTES = 2048;
    private static final String BODY = "{\"language\":\"python\",\"source\":\"print('keyed')\"}";

    private static FenrirStack stack;
    private static Http http;

    @BeforeAll
    static void startPlatform() {
        stack = FenrirStack.start(1, Map.of("FENRIR_IDEMPOTENCY_MAX_BYTES", Integer.toString(MAX_BYTES)));
        http = new Http(stack.api.baseUrl());
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aFullBucketRefusesANewKeyWith503ButStillAnswersTakenKeysAndRequestsWithoutAKey() throws Exception {
        List<String> taken = new ArrayList<>();
        HttpResponse<String> refused = null;
        while (refused == null && taken.size() < 50) {
            String key = UUID.randomUUID().toString();
            HttpResponse<String> answer = post(key);
            if (answer.statusCode() == 202) {
                taken.add(key);
            } else {
                refused = answer;
            }
        }
        assertThat(taken).as("keys taken before the bucket was full").isNotEmpty();
        assertThat(refused).as("a refusal within 50 keys of a " + MAX_BYTES + "-byte bucket").isNotNull();
        JsonNode error = Http.assertError(refused, 503, "idempotency_keys_full");
        assertThat(error.get("message").asText()).contains("nothing was accepted");
        assertThat(refused.headers().firstValue("Retry-After")).contains("5");

        KeyValueStatus bucket = bucket();
        assertThat(bucket.getMaxBucketSize()).isEqualTo(MAX_BYTES);
        // Full means new keys are refused, never that old ones are dropped to make room.
        assertThat(bucket.getBackingStreamInfo().getConfiguration().getDiscardPolicy()).isEqualTo(DiscardPolicy.New);
        assertThat(bucket.getEntryCount()).isEqualTo(taken.size());
        System.out.printf("[idempotency] a %d-byte bucket took %d keys (%d bytes, %d per key) before refusing%n",
                MAX_BYTES, taken.size(), bucket.getByteCount(), bucket.getByteCount() / taken.size());

        HttpResponse<String> replay = post(taken.get(0));
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(http.postJson("/jobs", BODY).statusCode()).as("a request without a key").isEqualTo(202);
    }

    private static HttpResponse<String> post(String key) {
        return http.postJson("/jobs", BODY, Map.of("Idempotency-Key", key));
    }

    private static KeyValueStatus bucket() throws Exception {
        try (Connection nats = Nats.connect(stack.natsUrl())) {
            return nats.keyValueManagement().getStatus("fenrir_idempotency");
        }
    }
}
