package io.fenrir.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files a cgroup v2 delegation writes, on a directory laid out like one (this machine's cgroups are
 * v1 hybrid: a real v2 subtree with controllers cannot be made here; docs/security.md says so).
 */
class CgroupDelegationTest {
    @TempDir
    Path root;

    @Test
    void onV2TheAgentMovesTheContainersProcessesIntoAChildThenHandsControllersToTheJobsCgroup() throws Exception {
        Files.writeString(root.resolve("cgroup.procs"), "1\n7\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "");

        Path steps = CgroupDelegation.takeOver(root);

        assertThat(steps).isEqualTo(root.resolve("jobs"));
        // A real cgroup.procs takes one pid per write; this file keeps the last.
        assertThat(root.resolve("agent/cgroup.procs")).hasContent("7");
        assertThat(root.resolve("cgroup.subtree_control")).hasContent("+memory +cpu +pids");
        assertThat(root.resolve("jobs/cgroup.subtree_control")).hasContent("+memory +cpu +pids");
    }

    @Test
    void onV1TheStepsGoUnderTheRootWhereTheManagerMountedEachHierarchysJobsDirectory() throws Exception {
        Files.createDirectories(root.resolve("memory"));

        assertThat(CgroupDelegation.takeOver(root)).isEqualTo(root);
        assertThat(root.resolve("jobs")).doesNotExist();
    }
}
