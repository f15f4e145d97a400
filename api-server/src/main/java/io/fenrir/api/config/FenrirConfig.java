package io.fenrir.api.config;

import io.quarkus.runtime.annotations.StaticInitSafe;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * All of the API server's own settings. Each key is also read from its environment variable.
 * Static-init safe: the request filters that read it are built while Quarkus initialises, and in
 * JVM mode the environment is the same then as at run time.
 */
@StaticInitSafe
@ConfigMapping(prefix = "fenrir")
public interface FenrirConfig {

    Nats nats();

    S3 s3();

    Submission submission();

    Persistence persistence();

    interface Nats {
        /** NATS server URL; JetStream must be enabled there. */
        @WithDefault("nats://127.0.0.1:4222")
        String url();

        /** How long a publish waits for JetStream's acknowledgement before the request fails with 503. */
        @WithDefault("5s")
        Duration publishTimeout();
    }

    interface S3 {
        /** S3 endpoint (MinIO in production, any S3 server locally). */
        @WithDefault("http://127.0.0.1:9000")
        String endpoint();

        @WithDefault("fenrir")
        String accessKey();

        @WithDefault("fenrir-secret")
        String secretKey();

        /** Bucket holding job sources and outputs; created at start-up when missing. */
        @WithDefault("fenrir")
        String bucket();
    }

    interface Submission {
        /** Largest request body accepted, checked on Content-Length before the body is read. */
        @WithDefault("8388608")
        long maxBodyBytes();

        /** Largest source, in UTF-8 bytes. Peers accept 1 MiB, so do we. */
        @WithDefault("1048576")
        int maxSourceBytes();

        /** Largest standard input, in UTF-8 bytes. */
        @WithDefault("1048576")
        int maxStdinBytes();
    }

    interface Persistence {
        /** Attempts for each background write (job row, source object) before it is given up. */
        @WithDefault("20")
        int maxAttempts();

        /** Delay before the first retry; it doubles up to max-backoff. */
        @WithDefault("100ms")
        Duration initialBackoff();

        @WithDefault("10s")
        Duration maxBackoff();
    }
}
