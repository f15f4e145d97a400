package io.fenrir.manager.persist;

import io.fenrir.manager.metrics.WriteTimer;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;

/** Job outputs in S3 (MinIO in production), spoken through the MinIO SDK. */
public final class S3BlobStore implements BlobStore {
    private final MinioClient client;
    private final String bucket;
    private final WriteTimer writes;
    private volatile boolean bucketChecked;

    public S3BlobStore(String endpoint, String accessKey, String secretKey, String bucket, WriteTimer writes) {
        this.client = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).build();
        this.bucket = bucket;
        this.writes = writes;
    }

    @Override
    public void put(String key, byte[] content) throws Exception {
        ensureBucket();
        writes.time(() -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .data(content, content.length).contentType("application/octet-stream").build()));
    }

    private void ensureBucket() throws Exception {
        if (bucketChecked) {
            return;
        }
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            try {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            } catch (ErrorResponseException e) {
                // The API server may have created it between our check and our create.
                if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                    throw e;
                }
            }
        }
        bucketChecked = true;
    }
}
