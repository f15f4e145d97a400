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
    private static final Step STEP = Step.newBuilder().setName("run").setUid(1001).addArgv("./main")
            .addArgv("$(reboot)").setLimits(StepLimits.newBuilder().setWallMs(1000).setOutputBytes(10)
                    .setCpuMs(1500).setFileBytes(4096).setStackBytes(8388608).setTmpfsBytes(1 << 20))
            .build();
    private static final Optional<AgentConfig.JobUsers> JOB_USERS =
            Optional.of(new AgentConfig.JobUsers(List.of(1001, 1002), 1001));
    private static final Optional<Path> FILTER = Optional.of(Path.of("/etc/fenrir/job-seccomp.bpf"));

    @Test
    void inASandboxTheProgramEntersItsCgroupThenDropsToItsUserUnderItsRlimitsInBubblewrap() throws Exception {
        StepLauncher launcher = new StepLauncher(JOB_USERS, FILTER, Bubblewrap.forRoot(Path.of("/")));

        List<String> argv = launcher.argv(STEP, STEP.getArgvList(), Path.of("/sandbox/job-1"), Optional.empty());

        // The cgroup is entered as the agent (its cgroup.procs is the agent's), before the drop to the job's user.
        assertThat(argv).startsWith("/bin/sh", "-c", StepLauncher.ENTER, "enter", "/etc/fenrir/job-seccomp.bpf", "--",
                "/usr/bin/setpriv", "--reuid=1001", "--regid=1001", "--clear-groups", "--inh-caps=-all",
                "--ambient-caps=-all", "--bounding-set=-all", "--no-new-privs", "--", "/usr/bin/prlimit", "--core=0");
        // CPU backstop: 1.5 s rounds up to 2, plus a second of slack; the hard limit one more.
        assertThat(argv).contains("--fsize=4096", "--stack=8388608", "--cpu=3:4");
        assertThat(argv).containsSubsequence("/usr/bin/bwrap", "--unshare-all", "--unshare-user", "--disable-userns",
                "--die-with-parent", "--new-session", "--uid", "1001", "--gid", "1001");
        assertThat(argv).containsSubsequence("--size", "1048576", "--tmpfs", "/tmp", "--bind", "/sandbox/job-1",
                "/sandbox", "--chdir", "/sandbox", "--seccomp", "3", "--");
        // The client's arguments arrive as whole argv elements after everything of Fenrir's.
        assertThat(argv).endsWith("--", "./main", "$(reboot)");
        assertThat(StepLauncher.ENTER).doesNotContain("reboot");
    }

    @Test
    void aTestsRunSeesTheJobsDirectoryReadOnly() throws Exception {
        StepLauncher launcher = new StepLauncher(JOB_USERS, FILTER, Bubblewrap.forRoot(Path.of("/")));
        Step test = STEP.toBuilder().setReadOnlyWorkDir(true).build();

        assertThat(launcher.argv(test, test.getArgvList(), Path.of("/sandbox/job-1"), Optional.empty()))
                .containsSubsequence("--tmpfs", "/tmp", "--ro-bind", "/sandbox/job-1", "/sandbox", "--chdir", "/sandbox")
                .doesNotContain("--bind");
    }

    @Test
    void aStepMayRunOnlyAsOneOfTheJobUsers() {
        StepLauncher launcher = new StepLauncher(JOB_USERS, FILTER, null);
        for (int uid : new int[] {0, 1000, 1003}) {
            Step step = STEP.toBuilder().setUid(uid).build();
            assertThatThrownBy(() -> launcher.argv(step, step.getArgvList(), Path.of("/sandbox/job-1"), Optional.empty()))
                    .isInstanceOf(AgentException.class)
                    .hasMessageContaining("uid " + uid + " is not one of the job users");
        }
    }

    @Test
    void outsideASandboxTheProgramIsStartedDirectly() throws AgentException {
        StepLauncher launcher = new StepLauncher(Optional.empty(), Optional.empty(), null);

        assertThat(launcher.argv(STEP, STEP.getArgvList(), Path.of("/tmp/work"), Optional.empty()))
                .containsExactly("./main", "$(reboot)");
    }
}
