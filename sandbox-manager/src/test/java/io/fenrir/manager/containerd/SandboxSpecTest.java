package io.fenrir.manager.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.manager.cgroup.CgroupLayout;
import io.fenrir.manager.cgroup.WorkerCgroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxSpecTest {
    private final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path dir;

    private JsonNode spec(Optional<String> appArmorProfile) throws Exception {
        return spec(appArmorProfile, false);
    }

    private JsonNode spec(Optional<String> appArmorProfile, boolean traced) throws Exception {
        Path seccomp = Files.writeString(dir.resolve("seccomp.json"), "{\"defaultAction\":\"SCMP_ACT_ERRNO\"}");
        // cpu and cpuacct share one hierarchy, as on Debian.
        CgroupLayout layout = new CgroupLayout(Map.of("memory", Path.of("/sys/fs/cgroup/memory"),
                "cpu", Path.of("/sys/fs/cgroup/cpu,cpuacct"), "cpuacct", Path.of("/sys/fs/cgroup/cpu,cpuacct"),
                "pids", Path.of("/sys/fs/cgroup/pids")), false);
        WorkerCgroups cgroups = new WorkerCgroups(layout, "fenrir", SandboxSpec.AGENT_UID,
                new WorkerCgroups.JobsCap(1L << 30, 256));
        SandboxSpec spec = new SandboxSpec(json, dir, dir.resolve("agent.jar"), seccomp,
                new SandboxSpec.Limits(256 << 20, 128, 100_000), cgroups, appArmorProfile, traced,
                new UserNamespace(1_879_048_192), Optional.of(dir.resolve("agent.jsa")));
        return json.readTree(spec.forWorker("fenrir-w1", dir.resolve("sockets/fenrir-w1")));
    }

    @Test
    void theAgentRunsUnderTiniAsItsOwnUserWithOnlyTheCapabilitiesItNeeds() throws Exception {
        JsonNode process = spec(Optional.empty()).get("process");

        assertThat(process.get("args").get(0).asText()).isEqualTo("/usr/bin/tini");
        assertThat(process.get("user").get("uid").asInt()).isEqualTo(SandboxSpec.AGENT_UID);
        assertThat(process.get("noNewPrivileges").asBoolean()).isTrue();
        assertThat(process.get("capabilities").get("bounding")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP", "CAP_KILL");
        assertThat(process.get("args").toString()).contains("\"--job-users\",\"1001,1002:1001\"")
                .contains("\"--job-seccomp\",\"/etc/fenrir/job-seccomp.bpf\"");
        assertThat(process.has("apparmorProfile")).isFalse();
        assertThat(process.get("args")).extracting(JsonNode::asText).doesNotContain("--trace");
    }

    @Test
    void whenTheManagerTracesItsAgentsAreToldToPrepareTheirTracing() throws Exception {
        assertThat(spec(Optional.empty(), true).get("process").get("args")).extracting(JsonNode::asText)
                .endsWith("--trace");
    }

    @Test
    void whereTheKernelHasAppArmorEveryWorkerRunsUnderTheProfile() throws Exception {
        assertThat(spec(Optional.of("fenrir-worker")).get("process").get("apparmorProfile").asText())
                .isEqualTo("fenrir-worker");
    }

    @Test
    void theDelegatedJobsCgroupOfEachHierarchyIsMountedOnceBesideTheAgentsOwn() throws Exception {
        JsonNode spec = spec(Optional.empty());

        assertThat(spec.get("linux").get("cgroupsPath").asText()).isEqualTo("/fenrir/fenrir-w1/agent");
        assertThat(spec.get("mounts").toString())
                .contains("\"destination\":\"/sys/fs/cgroup/memory\",\"type\":\"bind\",\"source\":\"/sys/fs/cgroup/memory/fenrir/fenrir-w1/jobs\"")
                .contains("\"destination\":\"/sys/fs/cgroup/pids\"");
        assertThat(spec.get("mounts").findValuesAsText("destination")).containsOnlyOnce("/sys/fs/cgroup/cpu,cpuacct");
    }

    @Test
    void theContainerRunsInAUserNamespaceMappedOntoTheConfiguredHostRange() throws Exception {
        JsonNode linux = spec(Optional.empty()).get("linux");

        assertThat(linux.get("namespaces").findValuesAsText("type")).contains("user", "pid", "network", "cgroup");
        for (String ids : List.of("uidMappings", "gidMappings")) {
            assertThat(linux.get(ids).toString()).isEqualTo("[{\"containerID\":0,\"hostID\":1879048192,\"size\":65536}]");
        }
    }

    @Test
    void onCgroupV2TheContainerMountsTheWholeWorkersCgroupAsItsOwnAndItsLimitsCoverTheJobsToo() throws Exception {
        Path seccomp = Files.writeString(dir.resolve("seccomp.json"), "{\"defaultAction\":\"SCMP_ACT_ERRNO\"}");
        Path v2 = Path.of("/sys/fs/cgroup");
        CgroupLayout layout = new CgroupLayout(Map.of("memory", v2, "cpu", v2, "cpuacct", v2, "pids", v2, "unified", v2),
                true);
        WorkerCgroups cgroups = new WorkerCgroups(layout, "fenrir", 1_879_049_192L,
                new WorkerCgroups.JobsCap(1L << 30, 256));
        JsonNode spec = json.readTree(new SandboxSpec(json, dir, dir.resolve("agent.jar"), seccomp,
                new SandboxSpec.Limits(256 << 20, 128, 100_000), cgroups, Optional.empty(), false,
                new UserNamespace(1_879_048_192), Optional.empty()).forWorker("fenrir-w1", dir.resolve("sockets/fenrir-w1")));

        assertThat(spec.get("linux").get("cgroupsPath").asText()).isEqualTo("/fenrir/fenrir-w1");
        assertThat(spec.get("mounts").toString())
                .contains("{\"destination\":\"/sys/fs/cgroup\",\"type\":\"cgroup\",\"source\":\"cgroup\"")
                .doesNotContain("\"type\":\"bind\",\"source\":\"/sys/fs/cgroup");
        assertThat(spec.get("linux").get("resources").get("memory").get("limit").asLong()).isEqualTo((256L << 20) + (1L << 30));
        assertThat(spec.get("linux").get("resources").get("pids").get("limit").asInt()).isEqualTo(128 + 256);
    }

    @Test
    void theAgentsClassArchiveIsMountedReadOnlyAndNamedToItsJvm() throws Exception {
        JsonNode spec = spec(Optional.empty());

        assertThat(spec.get("process").get("args")).extracting(JsonNode::asText)
                .contains("-XX:SharedArchiveFile=/opt/fenrir/agent.jsa");
        assertThat(spec.get("mounts").toString()).contains("{\"destination\":\"/opt/fenrir/agent.jsa\",\"type\":\"bind\",\"source\":\""
                + dir.resolve("agent.jsa") + "\",\"options\":[\"rbind\",\"ro\"");
    }

    @Test
    void procIsLeftFullyVisibleForTheJobSandboxesToMountTheirOwn() throws Exception {
        JsonNode linux = spec(Optional.empty()).get("linux");

        assertThat(linux.get("maskedPaths")).extracting(JsonNode::asText).noneMatch(path -> path.startsWith("/proc"));
        assertThat(linux.has("readonlyPaths")).isFalse();
    }
}
