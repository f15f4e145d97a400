package io.fenrir.api.config;

import io.quarkus.runtime.annotations.StaticInitSafe;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/**
 * All of the API server's own settings. Each key is also read from its environment variable. The
 * keys it shares with the sandbox manager (fenrir.nats.url and .replicas, fenrir.s3.*, fenrir.db.*,
 * fenrir.otlp.*) take their defaults from the platform's CommonSetting ({@link CommonDefaults});
 * every other key has its default here.
 * Static-init safe: the request filters that read it are built while Quarkus initialises, and in
 * JVM mode the environment is the same then as at run time.
 */
@StaticInitSafe
@ConfigMapping(prefix = "fenrir")
public interface FenrirConfig {

    Nats nats();

    S3 s3();

    Db db();

    Otlp otlp();

    Submission submission();

    Persistence persistence();

    RunLimits limits();

    Queue queue();

    Ingress ingress();

    Idempotency idempotency();

    @WithName("wait")
    Wait waits();

    Retention retention();

    interface Nats {
        /**
         * NATS server URL, or several separated by commas (the nodes of a cluster: the client
         * connects to any one and moves to another when it goes). JetStream must be enabled there.
         */
        String url();

        /**
         * Copies JetStream keeps of the job stream and the idempotency bucket, on as many servers:
         * 1 for a single server, 3 for a 3-node cluster (any one node may then be lost without
         * losing an accepted job). 1 to 5. Applied at every start, to existing ones too.
         */
        int replicas();

        /**
         * How long a publish waits for JetStream's acknowledgement, and in a cluster for the stream
         * to have a leader again after a node was lost, before the request fails with 503.
         */
        @WithDefault("5s")
        Duration publishTimeout();
    }

    interface S3 {
        /** S3 endpoint (MinIO in production, any S3 server locally). */
        String endpoint();

        String accessKey();

        String secretKey();

        /** Bucket holding job sources and outputs; created on the first write when missing. */
        String bucket();
    }

    /**
     * The jobs database: application.properties hands these to Quarkus's datasource
     * (quarkus.datasource.*), which is what connects.
     */
    interface Db {
        /** JDBC URL of the jobs database. */
        String url();

        String user();

        String password();
    }

    /**
     * Traces: application.properties hands this to Quarkus's OpenTelemetry span processor. Whether
     * spans are sent at all is FENRIR_OTLP_ENDPOINT's ({@link TracingSwitch}).
     */
    interface Otlp {
        /** How long finished spans wait to be sent in a batch, in milliseconds. */
        long scheduleDelayMs();
    }

    interface Submission {
        /** Largest request body accepted, checked on Content-Length before the body is read. */
        @WithDefault("8388608")
        long maxBodyBytes();

        /**
         * Largest refused body that is read (and dropped) before its 413 is sent, so that a client that
         * writes its whole body before reading (no Expect: 100-continue) reads the answer instead of a
         * reset connection. A larger one is answered at once and its connection closed.
         */
        @WithDefault("67108864")
        long maxDrainedBodyBytes();

        /** Largest total size of a job's files (decoded: UTF-8 or base64 bytes). Peers accept 1 MiB, so do we. */
        @WithDefault("1048576")
        int maxSourceBytes();

        /** Largest standard input, in UTF-8 bytes; also of each test's stdin and expected output. */
        @WithDefault("1048576")
        int maxStdinBytes();

        /** Most tests a job may carry (each is one run). */
        @WithDefault("64")
        int maxTests();

        /** Most jobs one POST /jobs/batch may carry (the whole body stays under max-body-bytes). */
        @WithDefault("100")
        int maxBatchJobs();
    }

    /** What this API instance takes in at once, decided from a request's headers before its body is read. */
    interface Ingress {
        /**
         * Requests handled at once by this instance; one more is answered 429 too_many_requests. The
         * health endpoints (/q/health) and the metrics scrape (/q/metrics) do not count and are never refused.
         */
        @WithDefault("64")
        int maxInFlight();

        /** Retry-After of a 429: a burst of requests passes in well under a second. */
        @WithDefault("1s")
        Duration retryAfter();
    }

    /** How long finished jobs are kept: deleted in the background once older, as by DELETE /jobs/{id}. */
    interface Retention {
        /** Age of a finished job (since it finished) at which it is deleted; without it jobs are kept. */
        Optional<Duration> maxAge();

        /** How often this instance looks for jobs past their age. */
        @WithDefault("5m")
        Duration interval();
    }

    /** Requests that wait for their job to finish: GET /jobs/{id}?waitMs=, POST /jobs with Prefer: wait=. */
    interface Wait {
        /**
         * The longest wait a request may ask for: a GET asking for more is refused (422 wait_too_long),
         * a Prefer: wait above it is cut to it (a preference, which RFC 7240 lets a server apply in part).
         */
        @WithDefault("60s")
        Duration max();

        /**
         * Requests waiting at once on this instance. They leave fenrir.ingress.max-in-flight once they
         * wait, so that waiters cannot starve submissions; past this cap one more GET is 429
         * too_many_waiters and one more POST is answered at once (202) without waiting.
         */
        @WithDefault("1000")
        int maxWaiters();

        /**
         * The longest a GET /jobs/{id}/events stream stays open; it ends then with the job as it is. Each
         * open stream counts as a waiting request toward max-waiters.
         */
        @WithDefault("15m")
        Duration maxEventStream();

        /** Retry-After of a 429 too_many_waiters: a waiter leaves when its job finishes or its wait ends. */
        @WithDefault("1s")
        Duration retryAfter();
    }

    /** The Idempotency-Key header of POST /jobs. */
    interface Idempotency {
        /**
         * How long a key is remembered: the age limit of the JetStream key-value bucket that holds
         * the keys. A key sent again later makes a new job. Applied to the bucket at every start.
         */
        @WithDefault("24h")
        Duration ttl();

        /**
         * Most bytes the bucket holds (about 310 per key: 64 MiB hold some 215,000 keys per TTL).
         * When it is full, a request with a new key is refused with 503 idempotency_keys_full until
         * old keys expire; requests without a key are not affected. Applied to the bucket at every
         * start, but never lowered below what it holds (that would drop the oldest keys).
         */
        @WithDefault("67108864")
        long maxBytes();
    }

    /** The work queue: the JetStream stream FENRIR_JOBS, whose definition this server owns. */
    interface Queue {
        /**
         * Most messages the stream holds: jobs waiting, and jobs a manager took but has not
         * acknowledged yet (work-queue retention removes a message only on its ack). A submission
         * beyond it is refused with 503 queue_full (the stream discards new messages). Applied to the
         * stream at every start.
         */
        @WithDefault("10000")
        long maxPending();

        /** Retry-After of 503 queue_full and queue_unavailable: the managers drain the queue at job speed. */
        @WithDefault("5s")
        Duration retryAfter();

        /**
         * How often the stream is swept of messages of finished jobs that the managers acknowledged
         * but the stream kept (a nats-server 2.9 killed before it wrote their removal; see
         * docs/reliability.md). Until swept, such a message holds a place under max-pending.
         */
        @WithDefault("1m")
        Duration sweepInterval();
    }

    /**
     * The background writes of an accepted job (its QUEUED row, its source objects). Each write is
     * retried until it succeeds: a job that got a 202 is never given up on while this process runs.
     * What bounds their memory is how many jobs, and how many bytes, may wait for their writes.
     */
    interface Persistence {
        /** Delay before the first retry of a write; it doubles up to max-backoff. */
        @WithDefault("100ms")
        Duration initialBackoff();

        @WithDefault("10s")
        Duration maxBackoff();

        /**
         * Most accepted jobs whose writes are not all done yet (PostgreSQL or S3 down or slow). At the
         * limit a submission is refused with 503 store_backlog before it is published, so nothing
         * accepted is ever dropped.
         */
        @WithDefault("10000")
        int maxPending();

        /**
         * Most bytes those jobs may hold in memory (files, stdin, arguments), with the same effect as
         * max-pending: one job may carry over 2 MiB, so a count alone does not bound the heap. Keep it
         * well below the heap (-Xmx).
         */
        @WithDefault("134217728")
        long maxPendingBytes();

        /** Retry-After of 503 store_backlog and store_unavailable: the stores come back on an operator's time. */
        @WithDefault("5s")
        Duration retryAfter();
    }

    /**
     * The run step's limits: what a job gets for each limit its request leaves out, and the most a
     * request may ask for. The compile step's limits are the sandbox manager's. Checked at start-up:
     * every default must be at least 1 and at most its maximum ({@code LimitPolicy}).
     */
    interface RunLimits {
        Defaults defaults();

        Maxima max();
    }

    /** One value per limit; see {@link io.fenrir.core.job.Limits} for what each one stops. */
    interface LimitValues {
        /** CPU time of the run step's whole process tree, in milliseconds. */
        long cpuMs();

        /** Wall-clock time of the run step, in milliseconds. */
        long wallMs();

        /** Memory and swap of the run step's cgroup, in MiB. */
        long memoryMb();

        /** Processes and threads alive at once in the run step's cgroup. */
        int pids();

        /** Bytes kept of each of stdout and stderr; writing more ends the program. */
        long outputBytes();

        /** Largest file the program may write, in bytes. */
        long fileBytes();
    }

    /** What a job gets for each limit its request does not set. */
    interface Defaults extends LimitValues {
        @Override
        @WithDefault("5000")
        long cpuMs();

        @Override
        @WithDefault("10000")
        long wallMs();

        @Override
        @WithDefault("256")
        long memoryMb();

        @Override
        @WithDefault("64")
        int pids();

        @Override
        @WithDefault("1048576")
        long outputBytes();

        @Override
        @WithDefault("16777216")
        long fileBytes();
    }

    /** The largest value a request may set for each limit; a larger one is refused, never lowered. */
    interface Maxima extends LimitValues {
        @Override
        @WithDefault("30000")
        long cpuMs();

        @Override
        @WithDefault("60000")
        long wallMs();

        @Override
        @WithDefault("1024")
        long memoryMb();

        @Override
        @WithDefault("256")
        int pids();

        @Override
        @WithDefault("8388608")
        long outputBytes();

        @Override
        @WithDefault("67108864")
        long fileBytes();
    }

    Admin admin();

    interface Admin {
        /** Bearer token of the operator endpoints (/admin/...); without one they answer 403 admin_disabled. */
        Optional<String> token();
    }
}
