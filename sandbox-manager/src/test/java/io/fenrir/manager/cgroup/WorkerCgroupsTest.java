package io.fenrir.manager.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the manager writes for a worker on a cgroup v2 host, on a directory laid out like the unified
 * hierarchy (this machine is cgroup v1 hybrid; its v1 layout runs for real in integration-tests). Tagged
 * host: handing the directory to the agent's uid is a chown only root may make.
 */
@Tag("host")
class WorkerCgroupsTest {
    private static final long AGENT_UID = 1_879_049_192L;

    @TempDir
    Path root;

    @Test
    void onV2TheWorkersOwnCgroupIsMadeAndDelegatedToTheAgentWithTheControllersEnabledDownToIt() throws Exception {
        Files.writeString(root.resolve("cgroup.subtree_control"), "");
        CgroupLayout layout = new CgroupLayout(Map.of("memory", root, "cpu", root, "cpuacct", root, "pids", root,
                "unified", root), true);
        WorkerCgroups cgroups = new WorkerCgroups(layout, "fenrir", AGENT_UID, new WorkerCgroups.JobsCap(1L << 30, 256));
        Path parent = Files.createDirectories(root.resolve("fenrir"));
        Files.writeString(parent.resolve("cgroup.subtree_control"), "");
        // The kernel makes these files with the directory; a plain directory needs them made beforehand.
        Path worker = Files.createDirectories(root.resolve("fenrir/fenrir-w1"));
        for (String file : new String[] {"cgroup.procs", "cgroup.subtree_control", "cgroup.threads"}) {
            Files.writeString(worker.resolve(file), "");
        }

        cgroups.create("fenrir-w1");

        assertThat(cgroups.containerPath("fenrir-w1")).isEqualTo("/fenrir/fenrir-w1");
        assertThat(cgroups.mounts("fenrir-w1")).isEmpty();
        assertThat(root.resolve("cgroup.subtree_control")).hasContent("+memory +cpu +pids");
        assertThat(parent.resolve("cgroup.subtree_control")).hasContent("+memory +cpu +pids");
        for (String owned : new String[] {"", "cgroup.procs", "cgroup.subtree_control", "cgroup.threads"}) {
            assertThat(Files.getAttribute(worker.resolve(owned), "unix:uid", LinkOption.NOFOLLOW_LINKS))
                    .as(owned).isEqualTo((int) AGENT_UID);
        }
    }
}
