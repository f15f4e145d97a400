package io.fenrir.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManagedProcessTest {
    private Path dir;
    private ManagedProcess process;

    @BeforeEach
    void setUp() {
        dir = TempDirs.create("fenrir-managed-process-test-");
        process = new ManagedProcess("test", dir.resolve("test.log"), "TERM", Duration.ofMillis(500));
    }

    @AfterEach
    void tearDown() {
        process.kill();
        TempDirs.delete(dir);
    }

    @Test
    void startFailsWithTheLogTailWhenTheProcessExitsBeforeItIsReady() {
        assertThatThrownBy(() -> start("echo boom-marker; exit 3", () -> false, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("boom-marker");
    }

    @Test
    void startKillsTheProcessWhenItIsNotReadyInTime() {
        assertThatThrownBy(() -> start("exec sleep 60", () -> false, Duration.ofMillis(300)))
                .hasMessageContaining("not ready after");
        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void stopEscalatesToSigkillWhenTheStopSignalIsIgnored() {
        start("trap '' TERM; echo up; while :; do sleep 0.1; done", this::loggedUp, Duration.ofSeconds(10));

        process.stop();

        assertThat(process.isAlive()).isFalse();
        assertThat(process.logTail(5)).contains("killing");
    }

    @Test
    void killTakesTheProcessesDescendantsWithIt() {
        start("sleep 300 & echo child=$!; echo up; wait", this::loggedUp, Duration.ofSeconds(10));
        Matcher child = Pattern.compile("child=(\\d+)").matcher(process.logTail(10));
        assertThat(child.find()).isTrue();
        long childPid = Long.parseLong(child.group(1));

        process.kill();

        assertThat(process.isAlive()).isFalse();
        assertThat(gone(childPid)).as("child %d gone or a zombie", childPid).isTrue();
    }

    private static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }

    private boolean loggedUp() {
        return process.logTail(10).lines().anyMatch("up"::equals);
    }

    private void start(String script, ManagedProcess.Probe probe, Duration timeout) {
        process.start(List.of("sh", "-c", script), Map.of(), dir, probe, timeout);
    }
}
