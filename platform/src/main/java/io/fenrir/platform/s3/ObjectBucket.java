package io.fenrir.platform.s3;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The S3 bucket of job sources and outputs (MinIO in production), spoken through the MinIO SDK.
 * The bucket is created on the first write when it is missing, by whichever process writes first.
 */
public final class ObjectBucket {
    private final MinioClient client;
    private final String bucket;
    private volatile boolean bucketChecked;

    public ObjectBucket(String endpoint, String accessKey, String secretKey, String bucket) {
        this.client = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).build();
        this.bucket = bucket;
    }

    /** Stores {@code content} under {@code key}, replacing any object there. */
    public void put(String key, byte[] content, String contentType) throws Exception {
        ensureBucket();
        client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).data(content, content.length)
                .contentType(contentType).build());
    }

    /**
     * The object's content, or empty when there is no such object (nor bucket yet).
     *
     * @throws UncheckedIOException when S3 cannot be read
     */
    public Optional<InputStream> open(String key) {
        try {
            return Optional.of(client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if ("NoSuchKey".equals(code) || "NoSuchBucket".equals(code)) {
                return Optional.empty();
            }
            throw unreadable(key, e);
        } catch (Exception e) {
            throw unreadable(key, e);
        }
    }

    /**
     * Deletes every object whose key starts with {@code prefix} (a job's "jobs/<id>/"); none is fine.
     * Objects are removed one by one: a job has a few dozen at most.
     *
     * @throws UncheckedIOException when S3 cannot be listed or an object cannot be removed
     */
    public void deletePrefix(String prefix) {
        try {
            for (Result<Item> listed : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(listed.get().objectName()).build());
            }
        } catch (ErrorResponseException e) {
            if (!"NoSuchBucket".equals(e.errorResponse().code())) {
                throw new UncheckedIOException(new IOException("failed to delete objects " + prefix + "*: "
                        + e.getMessage(), e));
            }
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException("failed to delete objects " + prefix + "*: "
                    + e.getMessage(), e));
        }
    }

    /** Creates the bucket on first use; a failure is retried with the write that needs it. */
    private void ensureBucket() throws Exception {
        if (bucketChecked) {
            return;
        }
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            try {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            } catch (ErrorResponseException e) {
                // Another process (the API, a manager) created it between our check and our create.
                if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                    throw e;
                }
            }
        }
        bucketChecked = true;
    }

    private static UncheckedIOException unreadable(String key, Exception e) {
        return new UncheckedIOException(new IOException("failed to read object " + key + ": " + e.getMessage(), e));
    }
}
