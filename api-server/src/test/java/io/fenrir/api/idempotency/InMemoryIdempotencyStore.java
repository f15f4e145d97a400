package io.fenrir.api.idempotency;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The store's contract in one process: putIfAbsent is as atomic as the key-value bucket's create. */
final class InMemoryIdempotencyStore implements IdempotencyStore {
    final Map<String, IdempotencyRecord> records = new ConcurrentHashMap<>();

    @Override
    public Optional<IdempotencyRecord> reserve(IdempotencyKey key, IdempotencyRecord record) {
        return Optional.ofNullable(records.putIfAbsent(key.storageKey(), record));
    }

    @Override
    public void save(IdempotencyKey key, IdempotencyRecord record) {
        records.put(key.storageKey(), record);
    }

    IdempotencyRecord get(IdempotencyKey key) {
        return records.get(key.storageKey());
    }
}
