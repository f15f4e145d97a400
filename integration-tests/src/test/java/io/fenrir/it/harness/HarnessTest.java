package io.fenrir.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.PeerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Each harness service is the real thing: it is started, used through its real client, and stopped. */
@Tag("host")
class HarnessTest {

    @Test
    void natsServerPublishesAndConsumesThroughJetStreamWithPayloadsOverOneMegabyte() throws Exception {
        try (NatsServer nats = new NatsServer().start(); Connection nc = Nats.connect(nats.url())) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder()
                    .name("HARNESS").subjects("harness.>").storageType(StorageType.File).build());
            JetStream js = nc.jetStream();
            byte[] big = new byte[2 * 1024 * 1024];
            Arrays.fill(big, (byte) 'x');

            js.publish("harness.big", big);
            js.publish("harness.small", "hello".getBytes(StandardCharsets.UTF_8));
            JetStreamSubscription sub = js.subscribe("harness.>",
                    PullSubscribeOptions.builder().durable("reader").build());
            List<Message> messages = sub.fetch(2, Duration.ofSeconds(5));
            messages.forEach(Message::ack);

            assertThat(messages).extracting(m -> m.getData().length).containsExactly(big.length, 5);
            assertThat(nc.getServerInfo().getMaxPayload()).isEqualTo(8L * 1024 * 1024);
        }
    }

    @Test
    void natsServerKeepsAStreamsMessagesAcrossKillAndRestart() throws Exception {
        try (NatsServer nats = new NatsServer().start()) {
            try (Connection nc = Nats.connect(nats.url())) {
                nc.jetStreamManagement().addStream(StreamConfiguration.builder()
                        .name("DURABLE").subjects("durable.>").storageType(StorageType.File).build());
                for (int i = 0; i < 5; i++) {
                    nc.jetStream().publish("durable.n", ("m" + i).getBytes(StandardCharsets.UTF_8));
                }
            }
            int port = nats.port();

            nats.kill();
            assertThat(nats.isRunning()).isFalse();
            nats.restart();

            assertThat(nats.port()).isEqualTo(port);
            try (Connection nc = Nats.connect(nats.url())) {
                JetStreamManagement jsm = nc.jetStreamManagement();
                assertThat(jsm.getStreamInfo("DURABLE").getStreamState().getMsgCount()).isEqualTo(5);
                assertThat(new String(jsm.getLastMessage("DURABLE", "durable.n").getData(), StandardCharsets.UTF_8))
                        .isEqualTo("m4");
            }
        }
    }

    @Test
    void aThreeNodeNatsClusterKeepsAThreeReplicaStreamWhenItsLeaderIsKilledAndTheNodeCatchesUpOnRestart()
            throws Exception {
        try (NatsCluster cluster = new NatsCluster().start(); Connection nc = Nats.connect(cluster.url())) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("REPLICATED").subjects("replicated.>")
                    .storageType(StorageType.File).replicas(3).build());
            for (int i = 0; i < 5; i++) {
                nc.jetStream().publish("replicated.n", ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            ClusterInfo before = jsm.getStreamInfo("REPLICATED").getClusterInfo();
            assertThat(before.getReplicas()).hasSize(2);
            NatsServer leader = cluster.node(before.getLeader());

            leader.kill();
            // The two others elect a new stream leader; the client moves to a node that runs.
            StreamInfo after = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> jsm.getStreamInfo("REPLICATED"), info -> info.getClusterInfo().getLeader() != null
                            && !info.getClusterInfo().getLeader().equals(before.getLeader()));
            assertThat(after.getStreamState().getMsgCount()).isEqualTo(5);
            nc.jetStream().publish("replicated.n", "m5".getBytes(StandardCharsets.UTF_8));

            leader.restart();
            cluster.awaitWhole();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
                    () -> jsm.getStreamInfo("REPLICATED").getClusterInfo().getReplicas(),
                    peers -> peers.size() == 2 && peers.stream().allMatch(PeerInfo::isCurrent));
            assertThat(jsm.getStreamInfo("REPLICATED").getStreamState().getMsgCount()).isEqualTo(6);
        }
    }

    @Test
    void postgresServerRoundTripsSqlAsTheFenrirRoleAndKeepsCommittedRowsAcrossAKill() throws Exception {
        try (PostgresServer pg = new PostgresServer().start()) {
            try (var c = pg.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id int PRIMARY KEY, v text)");
                s.execute("INSERT INTO t VALUES (1, 'committed')");
                ResultSet rs = s.executeQuery("SELECT v, current_user, current_database() FROM t WHERE id = 1");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("committed");
                assertThat(rs.getString(2)).isEqualTo(pg.user());
                assertThat(rs.getString(3)).isEqualTo("fenrir");
            }

            pg.kill();
            pg.restart();

            try (var c = pg.connect(); Statement s = c.createStatement()) {
                ResultSet rs = s.executeQuery("SELECT v FROM t WHERE id = 1");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("committed");
            }
        }
    }

    @Test
    void s3ServerStoresAndReturnsAnObjectThroughTheMinioSdk() throws Exception {
        try (S3Server s3 = new S3Server().start()) {
            MinioClient client = MinioClient.builder()
                    .endpoint(s3.endpoint()).region("us-east-1").credentials(s3.accessKey(), s3.secretKey()).build();
            byte[] body = "print('hello')\n".getBytes(StandardCharsets.UTF_8);

            client.putObject(PutObjectArgs.builder().bucket(s3.bucket()).object("jobs/1/source.py")
                    .data(body, body.length).build());
            try (GetObjectResponse got = client.getObject(GetObjectArgs.builder()
                    .bucket(s3.bucket()).object("jobs/1/source.py").build())) {
                assertThat(got.readAllBytes()).isEqualTo(body);
            }
        }
    }

    @Test
    void containerdDaemonAnswersOnItsOwnSocket() {
        try (ContainerdDaemon containerd = new ContainerdDaemon().start()) {
            assertThat(containerd.socket()).startsWith(containerd.dir());
            assertThat(containerd.ctr("version")).contains("Server:").contains("1.6");
        }
    }

    @Test
    void containerdDaemonStopLeavesNoShimOrContainerBehindEvenAfterACrash() {
        try (ContainerdDaemon containerd = new ContainerdDaemon().start()) {
            String id = "harness-" + UUID.randomUUID();
            containerd.ctr("--namespace", "harness-test", "run", "--detach", "--rootfs", "--read-only",
                    Rootfs.path().toString(), id, "/bin/sleep", "300");
            assertThat(shimsOf(containerd)).hasSize(1);

            containerd.kill(); // a crash: the shim and its container keep running, as with a real daemon
            assertThat(shimsOf(containerd)).hasSize(1);
            containerd.stop();

            assertThat(shimsOf(containerd)).isEmpty();
        }
    }

    private static List<ProcessHandle> shimsOf(ContainerdDaemon containerd) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(List::of).orElse(List.of())
                        .contains(containerd.socket().toString()))
                .filter(ProcessHandle::isAlive)
                .toList();
    }

    @Test
    void rootfsHasTheJdkAndTheFenrirUsers() throws Exception {
        var rootfs = Rootfs.path();

        assertThat(rootfs).isAbsolute();
        assertThat(rootfs.resolve("usr/bin/java")).isExecutable();
        assertThat(Files.readString(rootfs.resolve("etc/passwd")))
                .contains("fenrir:x:1000:1000:").contains("sandbox:x:1001:1001:");
        assertThat(List.of("sandbox", "run/fenrir", "opt/fenrir", "tmp")).allSatisfy(dir ->
                assertThat(rootfs.resolve(dir)).isDirectory());
        assertThat(Rootfs.path()).isSameAs(rootfs);
    }
}
