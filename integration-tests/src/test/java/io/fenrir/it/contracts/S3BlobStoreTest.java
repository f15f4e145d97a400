package io.fenrir.it.contracts;

import io.fenrir.it.harness.S3Server;
import io.fenrir.manager.metrics.ManagerMetrics;
import io.fenrir.manager.persist.BlobStore;
import io.fenrir.manager.persist.BlobStoreContract;
import io.fenrir.manager.persist.S3BlobStore;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import java.io.InputStream;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The manager's S3 blob store, against S3Proxy, held to the same contract as the in-memory one. */
@Tag("host")
class S3BlobStoreTest extends BlobStoreContract {
    private static S3Server s3;
    private static ManagerMetrics metrics;
    private static S3BlobStore store;
    private static MinioClient client;

    @BeforeAll
    static void startS3() {
        s3 = new S3Server().start();
        metrics = new ManagerMetrics();
        // A bucket of its own: the store creates it on its first write.
        store = new S3BlobStore(s3.endpoint(), s3.accessKey(), s3.secretKey(), "contract", metrics.s3Writes());
        client = MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey()).build();
    }

    @AfterAll
    static void stopS3() {
        if (metrics != null) {
            metrics.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Override
    protected BlobStore store() {
        return store;
    }

    @Override
    protected Optional<byte[]> read(String key) throws Exception {
        try (InputStream object = client.getObject(GetObjectArgs.builder().bucket("contract").object(key).build())) {
            return Optional.of(object.readAllBytes());
        } catch (ErrorResponseException e) {
            if (e.errorResponse().code().equals("NoSuchKey") || e.errorResponse().code().equals("NoSuchBucket")) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
