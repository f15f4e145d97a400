package io.fenrir.api.config;

import io.fenrir.platform.metrics.StorageWrites;
import io.fenrir.platform.s3.ObjectBucket;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The platform's S3 bucket and storage-write timers as this server's beans (the platform module is
 * plain Java, without CDI); the NATS connection and its topology are in {@code queue.NatsConnection}.
 */
public class PlatformBeans {

    /** Job sources (written) and outputs (read), in fenrir.s3.bucket. */
    @Produces
    @Singleton
    ObjectBucket objects(FenrirConfig config) {
        FenrirConfig.S3 s3 = config.s3();
        return new ObjectBucket(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.bucket());
    }

    @Produces
    @Singleton
    StorageWrites storageWrites(MeterRegistry registry) {
        return new StorageWrites(registry);
    }
}
