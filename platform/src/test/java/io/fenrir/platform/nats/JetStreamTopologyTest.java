package io.fenrir.platform.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.JetStreamApiException;
import io.nats.client.api.ApiResponse;
import io.nats.client.support.JsonParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Create-or-update as JetStream answers it, on an in-memory server: a create of the very same
 * definition is accepted, of another one refused with 10058 (the path to a real nats-server is
 * covered by the integration tests that start the stack on one and on a cluster).
 */
class JetStreamTopologyTest {
    record Definition(String name, int replicas, long limit) {
    }

    private final InMemoryResources server = new InMemoryResources();

    @Test
    void aMissingResourceIsCreatedAsDefined() throws IOException {
        JetStreamTopology.ensure(server, "jobs", new Definition("jobs", 3, 100), current -> fail(), 3);
        assertThat(server.held).containsEntry("jobs", new Definition("jobs", 3, 100));
        assertThat(server.updates).isEmpty();
    }

    @Test
    void oneThatIsAlreadyAsDefinedIsLeftAlone() throws IOException {
        server.held.put("jobs", new Definition("jobs", 1, 100));
        JetStreamTopology.ensure(server, "jobs", new Definition("jobs", 1, 100), current -> fail(), 1);
        assertThat(server.updates).isEmpty();
    }

    @Test
    void oneWithOtherReplicasIsUpdatedToWhatTheOwnerMakesOfIt() throws IOException {
        server.held.put("jobs", new Definition("jobs", 1, 500));
        JetStreamTopology.ensure(server, "jobs", new Definition("jobs", 3, 100),
                current -> new Definition("jobs", 3, Math.max(100, current.limit())), 3);
        assertThat(server.held).containsEntry("jobs", new Definition("jobs", 3, 500));
        assertThat(server.updates).hasSize(1);
    }

    @Test
    void aRefusedCreateFailsWithTheResourceAndItsReplicas() {
        server.refuseCreates = apiError(10023, "insufficient resources");
        assertThatThrownBy(() -> JetStreamTopology.ensure(server, "jobs", new Definition("jobs", 3, 100),
                current -> current, 3))
                .isInstanceOf(IOException.class)
                .hasMessage("failed to create or update stream jobs with 3 replicas (FENRIR_NATS_REPLICAS; a single"
                        + " server keeps 1, a cluster at most its size): insufficient resources [10023]")
                .hasCauseInstanceOf(JetStreamApiException.class);
    }

    @Test
    void aRefusedUpdateFailsTheSameWay() {
        server.held.put("jobs", new Definition("jobs", 1, 100));
        server.refuseUpdates = apiError(10074, "replicas > 1 not supported in non-clustered mode");
        assertThatThrownBy(() -> JetStreamTopology.ensure(server, "jobs", new Definition("jobs", 3, 100),
                current -> new Definition("jobs", 3, 100), 3))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("failed to create or update stream jobs with 3 replicas")
                .hasMessageContaining("replicas > 1 not supported");
        assertThat(server.held).containsEntry("jobs", new Definition("jobs", 1, 100));
    }

    @Test
    void replicasAreOneToFive() {
        assertThat(JetStreamTopology.validReplicas(1)).isTrue();
        assertThat(JetStreamTopology.validReplicas(5)).isTrue();
        assertThat(JetStreamTopology.validReplicas(0)).isFalse();
        assertThat(JetStreamTopology.validReplicas(6)).isFalse();
    }

    private static Definition fail() {
        throw new AssertionError("nothing exists to update");
    }

    static JetStreamApiException apiError(int apiErrorCode, String description) {
        return new JetStreamApiException(new ApiResponse<Void>(JsonParser.parseUnchecked("{\"error\":{\"code\":400,"
                + "\"err_code\":" + apiErrorCode + ",\"description\":\"" + description + "\"}}")) { });
    }

    /** Streams by name, answering as nats-server does. */
    private static final class InMemoryResources implements JetStreamTopology.Resources<Definition, Definition> {
        final Map<String, Definition> held = new HashMap<>();
        final List<Definition> updates = new ArrayList<>();
        JetStreamApiException refuseCreates;
        JetStreamApiException refuseUpdates;

        @Override
        public String kind() {
            return "stream";
        }

        @Override
        public void create(Definition definition) throws JetStreamApiException {
            if (refuseCreates != null) {
                throw refuseCreates;
            }
            Definition existing = held.putIfAbsent(definition.name(), definition);
            if (existing != null && !existing.equals(definition)) {
                throw apiError(JetStreamErrors.STREAM_NAME_IN_USE, "stream name already in use with a different"
                        + " configuration");
            }
        }

        @Override
        public Definition read(String name) {
            return held.get(name);
        }

        @Override
        public int replicas(Definition current) {
            return current.replicas();
        }

        @Override
        public void update(Definition definition) throws JetStreamApiException {
            if (refuseUpdates != null) {
                throw refuseUpdates;
            }
            updates.add(definition);
            held.put(definition.name(), definition);
        }
    }
}
