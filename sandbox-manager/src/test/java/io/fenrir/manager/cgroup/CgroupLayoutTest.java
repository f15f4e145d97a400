package io.fenrir.manager.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupLayoutTest {
    @TempDir
    Path dir;

    @Test
    void findsEachControllersHierarchyWhenEachHasItsOwn() throws IOException {
        CgroupLayout layout = CgroupLayout.detect(mountinfo("""
                30 24 0:26 / /sys/fs/cgroup rw,nosuid - tmpfs tmpfs ro,mode=755
                35 30 0:31 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,memory
                36 30 0:32 / /sys/fs/cgroup/cpu rw,nosuid shared:15 - cgroup cgroup rw,cpu
                37 30 0:33 / /sys/fs/cgroup/cpuacct rw,nosuid shared:16 - cgroup cgroup rw,cpuacct
                38 30 0:34 / /sys/fs/cgroup/pids rw,nosuid shared:17 - cgroup cgroup rw,pids
                39 30 0:35 / /sys/fs/cgroup/systemd rw,nosuid shared:18 - cgroup cgroup rw,xattr,name=systemd
                40 30 0:36 / /sys/fs/cgroup/unified rw,nosuid shared:19 - cgroup2 cgroup2 rw,nsdelegate
                """));

        assertThat(layout.hierarchy("memory")).isEqualTo(Path.of("/sys/fs/cgroup/memory"));
        assertThat(layout.hierarchy("cpuacct")).isEqualTo(Path.of("/sys/fs/cgroup/cpuacct"));
        assertThat(layout.hierarchy("systemd")).isEqualTo(Path.of("/sys/fs/cgroup/systemd"));
        assertThat(layout.hierarchies()).doesNotContainKeys("rw", "xattr", "nsdelegate");
        // runc creates each container's cgroup in the hybrid host's v2 hierarchy too.
        assertThat(layout.allHierarchies()).hasSize(6).contains(Path.of("/sys/fs/cgroup/unified"));
    }

    @Test
    void sharesOneHierarchyBetweenCoMountedControllers() throws IOException {
        CgroupLayout layout = CgroupLayout.detect(mountinfo("""
                35 30 0:31 / /sys/fs/cgroup/memory rw shared:14 - cgroup cgroup rw,memory
                36 30 0:32 / /sys/fs/cgroup/cpu,cpuacct rw shared:15 - cgroup cgroup rw,cpu,cpuacct
                38 30 0:34 / /sys/fs/cgroup/pids rw shared:17 - cgroup cgroup rw,pids
                """));

        assertThat(layout.hierarchy("cpu")).isEqualTo(layout.hierarchy("cpuacct"));
        assertThat(layout.allHierarchies()).containsExactlyInAnyOrder(Path.of("/sys/fs/cgroup/memory"),
                Path.of("/sys/fs/cgroup/cpu,cpuacct"), Path.of("/sys/fs/cgroup/pids"));
    }

    @Test
    void aHostWithOnlyTheUnifiedHierarchyHasEveryControllerThere() throws IOException {
        Files.writeString(dir.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        CgroupLayout layout = CgroupLayout.detect(mountinfo(
                "28 24 0:25 / " + dir + " rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate\n"));

        assertThat(layout.unified()).isTrue();
        assertThat(layout.hierarchy("memory")).isEqualTo(dir);
        assertThat(layout.hierarchy("pids")).isEqualTo(dir);
        assertThat(layout.allHierarchies()).containsExactly(dir);
    }

    @Test
    void refusesAUnifiedHierarchyWithoutTheControllersAStepNeeds() throws IOException {
        Files.writeString(dir.resolve("cgroup.controllers"), "cpuset io\n");
        Path v2Only = mountinfo("28 24 0:25 / " + dir + " rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate\n");

        assertThatThrownBy(() -> CgroupLayout.detect(v2Only)).isInstanceOf(IOException.class)
                .hasMessageContaining("cgroup v2 memory controller");
    }

    private Path mountinfo(String text) throws IOException {
        return Files.writeString(dir.resolve("mountinfo"), text);
    }
}
