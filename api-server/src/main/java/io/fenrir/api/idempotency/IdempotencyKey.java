package io.fenrir.api.idempotency;

import io.fenrir.api.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The value of a request's Idempotency-Key header: 1 to 255 printable ASCII characters (space to
 * '~'). Keys are not scoped to a client (the API has no clients to tell apart), so a client should
 * send a fresh random value, such as a UUID, for each job it means to create.
 *
 * @param value the key as sent
 */
public record IdempotencyKey(String value) {
    public static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 255;

    /**
     * @param header the header's value; null when the request has none
     * @throws ApiException 400 invalid_idempotency_key when it breaks the rules above
     */
    public static Optional<IdempotencyKey> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        if (header.isEmpty() || header.length() > MAX_LENGTH || !header.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw ApiException.invalid("invalid_idempotency_key", "header " + HEADER + " must be 1 to " + MAX_LENGTH
                    + " printable ASCII characters; it has " + header.length() + " characters");
        }
        return Optional.of(new IdempotencyKey(header));
    }

    /**
     * The key as stored: its SHA-256 in hex, since a key-value key allows only letters, digits and
     * "-/_=." and a header value allows much more.
     */
    public String storageKey() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
