package io.fenrir.manager.persist;

/**
 * Where a job's sources and outputs are kept, by key ({@link io.fenrir.core.job.JobNames}). Writing
 * a key again replaces it, so a repeated completion is harmless.
 */
public interface BlobStore {

    /** Writes (or overwrites) one object; throws when the store did not take it (worth retrying). */
    void put(String key, byte[] content) throws Exception;
}
