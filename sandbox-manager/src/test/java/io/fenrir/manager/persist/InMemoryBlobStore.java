package io.fenrir.manager.persist;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link BlobStore} in memory; it can be told to fail its next writes, as a store that is down. */
public final class InMemoryBlobStore implements BlobStore {
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();

    /** The next {@code count} writes throw; {@link Integer#MAX_VALUE}: every write. */
    public void failNextWrites(int count) {
        failures.set(count);
    }

    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(objects.get(key)).map(byte[]::clone);
    }

    public Set<String> keys() {
        return Set.copyOf(objects.keySet());
    }

    @Override
    public void put(String key, byte[] content) throws Exception {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new Exception("failed to put " + key + ": the in-memory store was told to fail");
        }
        objects.put(key, content.clone());
    }
}
