package io.fenrir.it.contracts;

import io.fenrir.core.job.JobNames;
import io.fenrir.it.harness.NatsServer;
import io.fenrir.manager.dispatch.WorkQueue;
import io.fenrir.manager.dispatch.WorkQueueContract;
import io.fenrir.manager.queue.JobQueue;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/** The manager's JetStream work queue, against nats-server, held to the same contract as the in-memory one. */
@Tag("host")
class JetStreamWorkQueueTest extends WorkQueueContract {
    private static NatsServer nats;
    private static Connection connection;
    private JobQueue queue;

    @BeforeAll
    static void startNats() throws Exception {
        nats = new NatsServer().start();
        connection = Nats.connect(nats.url());
    }

    @AfterAll
    static void stopNats() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    /** A fresh stream per test, configured as the API makes it, and the manager's consumer on it. */
    @BeforeEach
    void freshStream() throws Exception {
        var management = connection.jetStreamManagement();
        try {
            management.deleteStream(JobNames.STREAM);
        } catch (JetStreamApiException e) {
            // None yet.
        }
        management.addStream(StreamConfiguration.builder().name(JobNames.STREAM).subjects(JobNames.SUBMIT_SUBJECTS)
                .retentionPolicy(RetentionPolicy.WorkQueue).storageType(StorageType.File).build());
        queue = new JobQueue(connection, ACK_WAIT, MAX_DELIVER);
    }

    @Override
    protected WorkQueue queue() {
        return queue;
    }

    @Override
    protected void publish(String messageId, byte[] body) throws Exception {
        connection.jetStream().publish(NatsMessage.builder().subject(JobNames.submitSubject(messageId))
                .headers(new Headers().put("Nats-Msg-Id", messageId)).data(body).build());
    }
}
