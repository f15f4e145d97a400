package io.fenrir.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fenrir.it.harness.NatsCluster;
import io.fenrir.it.harness.NatsServer;
import io.fenrir.it.stack.FenrirStack;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.PeerInfo;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, scale-out: Fenrir on a 3-node NATS cluster with FENRIR_NATS_REPLICAS=3. The node leading the job
 * stream is killed while jobs are being submitted and run; every job that got a 202 completes with its own
 * output, and a submission refused while the stream elects a new leader is a clean 503, never a 500.
 */
@Tag("e2e")
class NatsClusterTest {
    private static final int JOBS = 30;
    private static final int CLIENTS = 3;
    /** The leader is killed once this many submissions have been answered: some jobs ran, more are waiting. */
    private static final int KILL_AFTER = 10;
    private static final Duration CLIENT_PAUSE = Duration.ofMillis(250);
    private static final String STREAM = "FENRIR_JOBS";
    private static final List<String> REPLICATED = List.of(STREAM, "FENRIR_DLQ", "KV_fenrir_idempotency",
            "KV_fenrir_languages");

    private static NatsCluster cluster;
    private static FenrirStack stack;
    private static Http http;

    @BeforeAll
    static void startPlatform() throws Exception {
        cluster = new NatsCluster().start();
        leaveSingleReplicaStreamsAsAnEarlierInstallWould();
        // A short ack wait: an ack lost in the leader change is redelivered (and acknowledged without a
        // second run) within the test's time.
        stack = FenrirStack.start(2, Map.of("FENRIR_NATS_REPLICAS", "3", "FENRIR_ACK_WAIT_MS", "10000"), cluster);
        http = new Http(stack.api.baseUrl());
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theApiAndTheManagerRaiseEveryStreamAndBucketToThreeReplicasOnThreeNodes() throws Exception {
        try (Connection nats = Nats.connect(cluster.url())) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            for (String stream : REPLICATED) {
                assertThat(jsm.getStreamInfo(stream).getConfiguration().getReplicas()).as(stream).isEqualTo(3);
                assertThat(jsm.getStreamInfo(stream).getClusterInfo().getReplicas()).as(stream).hasSize(2);
            }
            // The consumer keeps what was delivered and acknowledged: it is replicated with its stream.
            assertThat(jsm.getConsumerInfo(STREAM, "sandbox-manager").getClusterInfo().getReplicas()).hasSize(2);
        }
    }

    @Test
    void killingTheStreamLeaderDuringALoadRunLosesNoAcceptedJobAndRefusesOnlyWithA503() throws Exception {
        NatsServer leader = cluster.node(streamCluster().getLeader());
        Map<Integer, String> accepted = new ConcurrentHashMap<>();
        Set<Integer> refused = ConcurrentHashMap.newKeySet();
        AtomicInteger acceptedAfterKill = new AtomicInteger();
        AtomicLong firstAcceptedAfterKill = new AtomicLong();
        CountDownLatch killTime = new CountDownLatch(KILL_AFTER);
        AtomicLong killedAt = new AtomicLong();

        long start = System.nanoTime();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(CompletableFuture.runAsync(() -> {
                for (int i = client; i < JOBS; i += CLIENTS) {
                    boolean sentAfterKill = killedAt.get() != 0;
                    HttpResponse<String> answer = http.postJson("/jobs",
                            "{\"language\":\"python\",\"source\":\"print('job " + i + "')\"}");
                    if (answer.statusCode() == 202) {
                        accepted.put(i, Http.json(answer).get("id").asText());
                        if (sentAfterKill && acceptedAfterKill.getAndIncrement() == 0) {
                            firstAcceptedAfterKill.set(System.nanoTime());
                        }
                    } else {
                        Http.assertError(answer, 503, "queue_unavailable");
                        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                        refused.add(i);
                    }
                    killTime.countDown();
                    pause();
                }
            }));
        }
        assertThat(killTime.await(60, TimeUnit.SECONDS)).isTrue();
        leader.kill();
        killedAt.set(System.nanoTime());
        // Fails here with the first unexpected answer (a 500, or a 503 with another code) of any client.
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        assertThat(accepted.size() + refused.size()).isEqualTo(JOBS);
        long submittedMs = millisSince(start);

        for (Map.Entry<Integer, String> job : accepted.entrySet()) {
            JsonNode done = http.awaitFinished(job.getValue());
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(done.get("verdict").asText()).as(done.toString()).isEqualTo("OK");
            assertThat(http.get("/jobs/" + job.getValue() + "/output").body()).isEqualTo("job " + job.getKey() + "\n");
        }
        long completedMs = millisSince(start);
        long rows = JobRows.count(stack);
        // A job whose ack was lost in the election is delivered again and acknowledged without a second run.
        long ackedAgain = stack.manager.log().lines()
                .filter(line -> line.contains("already finished; acknowledging")).count();
        long firstAcceptedMs = (firstAcceptedAfterKill.get() - killedAt.get()) / 1_000_000;
        System.out.printf("[nats-cluster] killed stream leader %s after %d answers; %d submissions: %d accepted"
                + " (%d of those sent after the kill, the first %d ms after it), %d refused with 503; all %d accepted"
                + " completed with their output, %d of them delivered again after a lost ack and not run twice;"
                + " job rows %d; all answered in %d ms, all completed in %d ms%n",
                leader.serverName(), KILL_AFTER, JOBS, accepted.size(), acceptedAfterKill.get(), firstAcceptedMs,
                refused.size(), accepted.size(), ackedAgain, rows, submittedMs, completedMs);
        assertThat(acceptedAfterKill.get()).as("jobs sent and accepted after the leader died").isPositive();
        assertThat(rows).as("a refused job may still have been stored (its PubAck timed out), never fewer rows")
                .isGreaterThanOrEqualTo(accepted.size());

        leader.restart();
        cluster.awaitWhole();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> streamCluster().getReplicas(),
                peers -> peers.size() == 2 && peers.stream().allMatch(PeerInfo::isCurrent));
        await().atMost(Duration.ofSeconds(30)).until(() -> JobQueueProbe.messages(stack) == 0);
        System.out.printf("[nats-cluster] %s back and current; the stream is drained %d ms after the start%n",
                leader.serverName(), millisSince(start));
    }

    /**
     * The job stream and the idempotency bucket as a single-replica install made them: the API must raise
     * them to three (the languages bucket and the dead letters are the manager's, made fresh here).
     */
    private static void leaveSingleReplicaStreamsAsAnEarlierInstallWould() throws Exception {
        try (Connection nats = Nats.connect(cluster.url())) {
            nats.jetStreamManagement().addStream(StreamConfiguration.builder().name(STREAM)
                    .subjects("fenrir.jobs.submit.*").retentionPolicy(RetentionPolicy.WorkQueue).storageType(StorageType.File).replicas(1).build());
            nats.keyValueManagement().create(KeyValueConfiguration.builder().name("fenrir_idempotency")
                    .maxHistoryPerKey(1).storageType(StorageType.File).replicas(1).build());
        }
    }

    private static ClusterInfo streamCluster() throws Exception {
        try (Connection nats = Nats.connect(cluster.url())) {
            return nats.jetStreamManagement().getStreamInfo(STREAM).getClusterInfo();
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void pause() {
        try {
            Thread.sleep(CLIENT_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
