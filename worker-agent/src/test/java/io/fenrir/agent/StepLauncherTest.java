package io.fenrir.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fenrir.agent.v1.Step;
import io.fenrir.agent.v1.StepLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepLauncherTest {
    private static final Step STEP = Step.newBuilder().setName("run").setCgroup("run").setUid(1001).addArgv("./main")
            .addArgv("$(reboot)").setLimits(StepLimits.newBuilder().setWallMs(1000).setOutputBytes(10)
                    .setCpuMs(1500).setFileBytes(4096).setStackBytes(8388608))
            .build();

    @Test
    void inASandboxTheProgramRunsAsItsStepsUserInItsCgroupUnderItsRlimits() throws AgentException {
        StepLauncher launcher = new StepLauncher(Path.of("/sandbox"),
                Optional.of(new AgentConfig.JobUsers(List.of(1001, 1002), 1001)), Optional.of(Path.of("/sys/fs/cgroup")));

        List<String> argv = launcher.argv(STEP, STEP.getArgvList());

        assertThat(argv).startsWith("/usr/bin/setsid", "--wait", "/usr/bin/setpriv", "--reuid=1001", "--regid=1001",
                "--clear-groups", "--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all", "--",
                "/bin/sh", "-c", StepLauncher.ENTER_CGROUP, "enter-cgroup", "/sys/fs/cgroup/run",
                "/usr/bin/prlimit", "--core=0");
        // CPU backstop: 1.5 s rounds up to 2, plus a second of slack; the hard limit one more.
        assertThat(argv).contains("--fsize=4096", "--stack=8388608", "--cpu=3:4");
        // The client's arguments arrive as whole argv elements after everything of Fenrir's.
        assertThat(argv).endsWith("--", "./main", "$(reboot)");
        assertThat(StepLauncher.ENTER_CGROUP).doesNotContain("reboot");
    }

    @Test
    void aStepMayRunOnlyAsOneOfTheJobUsers() {
        StepLauncher launcher = new StepLauncher(Path.of("/sandbox"),
                Optional.of(new AgentConfig.JobUsers(List.of(1001, 1002), 1001)), Optional.empty());
        for (int uid : new int[] {0, 1000, 1003}) {
            Step step = STEP.toBuilder().setUid(uid).build();
            assertThatThrownBy(() -> launcher.argv(step, step.getArgvList())).isInstanceOf(AgentException.class)
                    .hasMessageContaining("uid " + uid + " is not one of the job users");
        }
    }

    @Test
    void outsideASandboxTheProgramIsStartedDirectly() throws AgentException {
        StepLauncher launcher = new StepLauncher(Path.of("/tmp/work"), Optional.empty(), Optional.empty());

        assertThat(launcher.argv(STEP, STEP.getArgvList())).containsExactly("./main", "$(reboot)");
    }
}
