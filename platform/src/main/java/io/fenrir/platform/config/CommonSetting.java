package io.fenrir.platform.config;

import java.util.Locale;

/**
 * The settings both servers read, each with its one default. The sandbox manager reads each from
 * its environment variable ({@link #variable()}); the API server from its configuration key
 * ({@link #key()}), to which Quarkus maps the same variable, with these defaults supplied by a
 * configuration source of its own. Neither process writes a default of these down itself.
 *
 * <p>A default is for a single machine on loopback (deploy/local/up.sh starts the services there);
 * a real install sets every one of them.
 */
public enum CommonSetting {
    /** NATS server with JetStream, or several separated by commas (the nodes of a cluster). */
    NATS_URL("fenrir.nats.url", "nats://127.0.0.1:4222"),
    /**
     * Copies JetStream keeps of every stream and bucket the process creates: 1 on a single server,
     * 3 on a 3-node cluster; 1 to 5. Applied at every start, to those that exist too.
     */
    NATS_REPLICAS("fenrir.nats.replicas", "1"),
    /** JDBC URL of the jobs database. */
    DB_URL("fenrir.db.url", "jdbc:postgresql://127.0.0.1:55432/fenrir"),
    DB_USER("fenrir.db.user", "fenrir"),
    DB_PASSWORD("fenrir.db.password", "fenrir"),
    /** S3 endpoint (MinIO in production, S3Proxy locally). */
    S3_ENDPOINT("fenrir.s3.endpoint", "http://127.0.0.1:9000"),
    S3_ACCESS_KEY("fenrir.s3.access-key", "fenrir"),
    S3_SECRET_KEY("fenrir.s3.secret-key", "fenrir-secret"),
    /** Bucket holding job sources and outputs; created on first use when missing. */
    S3_BUCKET("fenrir.s3.bucket", "fenrir"),
    /** How long finished spans wait to be sent in a batch, in milliseconds. */
    OTLP_SCHEDULE_DELAY_MS("fenrir.otlp.schedule-delay-ms", "5000");

    private final String key;
    private final String defaultValue;

    CommonSetting(String key, String defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    /** The configuration key, as the API server's configuration names it: {@code fenrir.nats.url}. */
    public String key() {
        return key;
    }

    /**
     * The environment variable: the key in capitals with every other character an underscore
     * ({@code FENRIR_NATS_URL}), the rule by which Quarkus maps a variable to a key.
     */
    public String variable() {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    public String defaultValue() {
        return defaultValue;
    }
}
