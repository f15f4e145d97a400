package io.fenrir.manager.persist;

import java.util.Optional;

class InMemoryBlobStoreTest extends BlobStoreContract {
    private final InMemoryBlobStore store = new InMemoryBlobStore();

    @Override
    protected BlobStore store() {
        return store;
    }

    @Override
    protected Optional<byte[]> read(String key) {
        return store.get(key);
    }
}
