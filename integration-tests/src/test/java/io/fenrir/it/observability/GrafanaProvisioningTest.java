package io.fenrir.it.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fenrir.it.harness.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Grafana shows an empty panel, without an error at provisioning, when the panel names a data source
 * that is not provisioned: every data source a dashboard names must be one of
 * observability/grafana/provisioning/datasources, with the same type.
 */
class GrafanaProvisioningTest {
    private static final Path DATASOURCES = Repo.path("observability/grafana/provisioning/datasources");

    @Test
    void everyDataSourceADashboardNamesIsProvisioned() throws IOException {
        Map<String, String> provisioned = provisionedTypesByUid();
        assertThat(provisioned).containsEntry("fenrir-prometheus", "prometheus").containsEntry("fenrir-tempo", "tempo");
        List<JsonNode> named = new ArrayList<>();
        try (var files = Files.list(DashboardQueries.DIR)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json"))::iterator) {
                collectDataSources(new ObjectMapper().readTree(file.toFile()), named);
            }
        }
        assertThat(named).isNotEmpty().allSatisfy(source -> assertThat(provisioned)
                .containsEntry(source.get("uid").asText(), source.get("type").asText()));
    }

    private static Map<String, String> provisionedTypesByUid() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Map<String, String> types = new HashMap<>();
        try (var files = Files.list(DATASOURCES)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".yaml"))::iterator) {
                for (JsonNode source : yaml.readTree(file.toFile()).path("datasources")) {
                    types.put(source.path("uid").asText(), source.path("type").asText());
                }
            }
        }
        return types;
    }

    /** Every "datasource" object in the dashboard, panels' and targets' alike. */
    private static void collectDataSources(JsonNode node, List<JsonNode> found) {
        if (node.isObject() && node.path("datasource").isObject()) {
            found.add(node.get("datasource"));
        }
        node.forEach(child -> collectDataSources(child, found));
    }
}
