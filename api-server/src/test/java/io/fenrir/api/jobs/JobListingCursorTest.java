package io.fenrir.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fenrir.api.error.ApiException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobListingCursorTest {

    @Test
    void aCursorGivesBackTheInstantToTheNanosecondAndTheId() {
        JobListing.Cursor cursor = new JobListing.Cursor(Instant.parse("2026-12-03T19:20:01.123456789Z"),
                UUID.randomUUID());

        String encoded = cursor.encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(JobListing.Cursor.decode(encoded)).isEqualTo(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a cursor", "bm90LmEuY3Vyc29y", "MTIzLjQ1Ng"})
    void anythingElseIsAnInvalidCursor(String cursor) {
        assertThatThrownBy(() -> JobListing.Cursor.decode(cursor)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("invalid_cursor");
        });
    }
}
