package io.fenrir.api.idempotency;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A key-value bucket in memory whose stream can be without a leader: meanwhile each request fails
 * as jnats 2.26 reports it against a real cluster electing one (a write: "Error Publishing: 503 No
 * Responders"; a read: a get nobody answered, "Timeout or no response"). It counts every request.
 */
final class ElectingBucket implements KeyBucket {
    /** A count of failing requests that never runs out. */
    static final int FOREVER = -1;
    private static final String NO_RESPONDERS = "Error Publishing: 503 No Responders Available For Request";
    private static final String NO_RESPONSE = "Timeout or no response waiting for NATS JetStream server";

    private final Map<String, byte[]> values = new ConcurrentHashMap<>();
    private final AtomicInteger failingWrites = new AtomicInteger();
    private final AtomicInteger failingReads = new AtomicInteger();
    final AtomicInteger creates = new AtomicInteger();
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger puts = new AtomicInteger();

    /** The next {@code requests} writes (or every one: {@link #FOREVER}) find no leader. */
    void noLeaderForWrites(int requests) {
        failingWrites.set(requests);
    }

    /** The next {@code requests} reads (or every one: {@link #FOREVER}) find no leader. */
    void noLeaderForReads(int requests) {
        failingReads.set(requests);
    }

    /** Stores VALUE under KEY as another instance's request did before. */
    void store(String key, byte[] value) {
        values.put(key, value);
    }

    @Override
    public boolean create(String key, byte[] value) throws IOException {
        creates.incrementAndGet();
        failIfNoLeader(failingWrites, NO_RESPONDERS);
        return values.putIfAbsent(key, value) == null;
    }

    @Override
    public byte[] get(String key) throws IOException {
        gets.incrementAndGet();
        failIfNoLeader(failingReads, NO_RESPONSE);
        return values.get(key);
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        puts.incrementAndGet();
        failIfNoLeader(failingWrites, NO_RESPONDERS);
        values.put(key, value);
    }

    private static void failIfNoLeader(AtomicInteger failing, String failure) throws IOException {
        if (failing.getAndUpdate(n -> n > 0 ? n - 1 : n) != 0) {
            throw new IOException(failure);
        }
    }
}
