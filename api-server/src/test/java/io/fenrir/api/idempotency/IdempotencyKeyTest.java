package io.fenrir.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fenrir.api.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyTest {

    @Test
    void noHeaderIsNoKey() {
        assertThat(IdempotencyKey.parse(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "8e5f3a52-6f4b-4c1e-9a3e-1d2c3b4a5f60", "order 42 / try #1", "~!@*>{}\"'\\ "})
    void oneTo255PrintableAsciiCharactersAreAKey(String value) {
        assertThat(IdempotencyKey.parse(value)).hasValueSatisfying(key -> assertThat(key.value()).isEqualTo(value));
        assertThat(IdempotencyKey.parse("k".repeat(255))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ключ", "tab\there", "nul\0", "del\u007f", "é"})
    void anythingElseIsA400(String value) {
        assertInvalid(value);
    }

    @Test
    void aKeyOver255CharactersIsA400() {
        assertInvalid("k".repeat(256));
    }

    @Test
    void theStorageKeyIsTheSha256InHexWhichABucketAcceptsAndDiffersPerKey() {
        String stored = IdempotencyKey.parse("order 42 / try #1").orElseThrow().storageKey();
        assertThat(stored).matches("[0-9a-f]{64}");
        assertThat(stored).isEqualTo(IdempotencyKey.parse("order 42 / try #1").orElseThrow().storageKey());
        assertThat(stored).isNotEqualTo(IdempotencyKey.parse("order 42 / try #2").orElseThrow().storageKey());
    }

    private static void assertInvalid(String value) {
        assertThatThrownBy(() -> IdempotencyKey.parse(value)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("invalid_idempotency_key");
            assertThat(e.getMessage()).contains("Idempotency-Key", "255");
        });
    }
}
