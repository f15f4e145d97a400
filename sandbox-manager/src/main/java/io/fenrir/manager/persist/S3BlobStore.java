package io.fenrir.manager.persist;

import io.fenrir.platform.metrics.WriteTimer;
import io.fenrir.platform.s3.ObjectBucket;

/** Job outputs in S3 (MinIO in production): the platform's {@link ObjectBucket}, each write timed. */
public final class S3BlobStore implements BlobStore {
    private final ObjectBucket bucket;
    private final WriteTimer writes;

    public S3BlobStore(String endpoint, String accessKey, String secretKey, String bucket, WriteTimer writes) {
        this.bucket = new ObjectBucket(endpoint, accessKey, secretKey, bucket);
        this.writes = writes;
    }

    @Override
    public void put(String key, byte[] content) throws Exception {
        writes.run(() -> bucket.put(key, content, "application/octet-stream"));
    }
}
