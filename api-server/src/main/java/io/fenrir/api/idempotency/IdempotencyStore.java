package io.fenrir.api.idempotency;

import java.util.Optional;

/**
 * Idempotency keys and what they are bound to, shared by every API instance. {@link #reserve} is
 * the one point where concurrent requests with the same key are told apart: it must be atomic
 * across instances.
 */
public interface IdempotencyStore {

    /**
     * Binds KEY to RECORD unless it is bound already.
     *
     * @return empty when RECORD was stored (the caller's request is the key's first), else what the
     *         key is bound to
     * @throws io.fenrir.api.error.ApiException 503 when the store cannot be reached
     */
    Optional<IdempotencyRecord> reserve(IdempotencyKey key, IdempotencyRecord record);

    /** Replaces what KEY is bound to (with the same job, in a later state). */
    void save(IdempotencyKey key, IdempotencyRecord record);
}
