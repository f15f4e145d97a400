package io.fenrir.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepCgroupTest {
    @TempDir
    Path dir;

    @Test
    void readsTheFiguresOfAV1StepFromItsControllerDirectories() throws Exception {
        write("cpuacct/cpuacct.usage", "1234567890\n");
        write("memory/memory.max_usage_in_bytes", "52428800\n");
        write("memory/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");

        StepCgroup cgroup = StepCgroup.at(dir);

        assertThat(cgroup.cpuMs()).isEqualTo(1234);
        assertThat(cgroup.memoryPeakBytes()).isEqualTo(52428800);
        assertThat(cgroup.oomKills()).isEqualTo(2);
    }

    @Test
    void readsTheFiguresOfAV2StepFromItsOneDirectory() throws Exception {
        write("cgroup.procs", "");
        write("cpu.stat", "usage_usec 45000\nuser_usec 40000\nsystem_usec 5000\n");
        write("memory.peak", "1048576\n");
        write("memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");

        StepCgroup cgroup = StepCgroup.at(dir);

        assertThat(cgroup.cpuMs()).isEqualTo(45);
        assertThat(cgroup.memoryPeakBytes()).isEqualTo(1048576);
        assertThat(cgroup.oomKills()).isEqualTo(1);
    }

    @Test
    void aCgroupWithoutTheOomKillCounterIsTheAgentsFailureNotTheJobs() throws Exception {
        write("memory/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\n");

        assertThatThrownBy(() -> StepCgroup.at(dir).oomKills()).isInstanceOf(AgentException.class)
                .hasMessageContaining("oom_kill");
    }

    @Test
    void refusesAStepCgroupTheJobsUserCannotEnter() throws Exception {
        write("memory/cgroup.procs", "");

        // The file belongs to whoever runs the test, not to uid 4242.
        assertThatThrownBy(() -> StepCgroup.requireEnterable(dir, 4242)).isInstanceOf(AgentException.class)
                .hasMessageContaining("not writable by the job's user 4242");
    }

    private void write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
