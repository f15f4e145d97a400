package io.fenrir.api.persist;

import io.fenrir.api.config.FenrirConfig;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.Optional;

/** Job sources and outputs in S3 (MinIO in production), spoken through the MinIO SDK. */
@ApplicationScoped
public class ObjectStore {
    private final MinioClient client;
    private final String bucket;
    private volatile boolean bucketChecked;

    public ObjectStore(FenrirConfig config) {
        this.client = MinioClient.builder()
                .endpoint(config.s3().endpoint())
                .credentials(config.s3().accessKey(), config.s3().secretKey())
                .build();
        this.bucket = config.s3().bucket();
    }

    public void put(String key, byte[] content, String contentType) throws Exception {
        ensureBucket();
        client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .data(content, content.length)
                .contentType(contentType).build());
    }

    /** The object's content, or empty when there is no such object. */
    public Optional<InputStream> open(String key) {
        try {
            return Optional.of(client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code()) || "NoSuchBucket".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw new UncheckedIOException(new IOException("failed to read object " + key + ": " + e.getMessage(), e));
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException("failed to read object " + key + ": " + e.getMessage(), e));
        }
    }

    /** Creates the bucket on first use; retried with the write that needs it when S3 is down. */
    private void ensureBucket() throws Exception {
        if (bucketChecked) {
            return;
        }
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            try {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            } catch (ErrorResponseException e) {
                // Another process created it between our check and our create.
                if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                    throw e;
                }
            }
        }
        bucketChecked = true;
    }
}
