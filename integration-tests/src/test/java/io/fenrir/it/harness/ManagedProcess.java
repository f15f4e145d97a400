package io.fenrir.it.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One child process of a test: its output is appended to a log file, {@link #start} waits until a probe says
 * it is ready, {@link #stop} sends a signal and escalates to SIGKILL after a grace period, {@link #kill} is a
 * crash (SIGKILL to the process and every descendant). Start failures carry the tail of the log.
 *
 * <p>A JVM shutdown hook kills whatever is still running, so a test that forgets to close a service does not
 * leave daemons behind (a SIGKILLed test JVM still does).
 */
public final class ManagedProcess {

    /** Readiness check, polled until it returns true; an exception counts as "not ready yet". */
    @FunctionalInterface
    public interface Probe {
        boolean ready() throws Exception;
    }

    private static final Set<ManagedProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> List.copyOf(RUNNING).forEach(ManagedProcess::kill), "fenrir-harness-reaper"));
    }

    private final String name;
    private final Path logFile;
    private final String stopSignal;
    private final Duration stopTimeout;
    private Process process;

    /**
     * @param name        for messages, e.g. "nats-server"
     * @param logFile     stdout and stderr of every run are appended here
     * @param stopSignal  the graceful-stop signal name for kill(1), e.g. "TERM", or "INT" for PostgreSQL
     * @param stopTimeout how long {@link #stop} waits before SIGKILL
     */
    public ManagedProcess(String name, Path logFile, String stopSignal, Duration stopTimeout) {
        this.name = name;
        this.logFile = logFile;
        this.stopSignal = stopSignal;
        this.stopTimeout = stopTimeout;
    }

    /**
     * Starts COMMAND and returns once PROBE answers true. Throws IllegalStateException, with the log's tail,
     * if the process exits first or is not ready within TIMEOUT (it is then killed).
     */
    public synchronized void start(List<String> command, Map<String, String> env, Path workDir, Probe probe,
            Duration timeout) {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running, pid " + pid());
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(env);
        note("starting: " + String.join(" ", command));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("failed to start " + name + ": " + e.getMessage(), e);
        }
        RUNNING.add(this);
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastProbeError = null;
        while (true) {
            if (!process.isAlive()) {
                throw startFailure("exited with code " + process.exitValue() + " before it was ready", lastProbeError);
            }
            try {
                if (probe.ready()) {
                    note("ready, pid " + process.pid());
                    return;
                }
            } catch (Exception e) {
                lastProbeError = e;
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw startFailure("not ready after " + timeout.toSeconds() + " s", lastProbeError);
            }
            pause(Duration.ofMillis(50));
        }
    }

    /** Graceful stop: the stop signal, then SIGKILL after the grace period. No-op when not running. */
    public synchronized void stop() {
        if (!isAlive()) {
            RUNNING.remove(this);
            return;
        }
        note("stopping with SIG" + stopSignal);
        signal(stopSignal);
        if (!awaitExit(process.toHandle(), stopTimeout)) {
            note("still running after " + stopTimeout.toSeconds() + " s; killing");
        }
        kill(); // also reaps descendants that outlived their parent
    }

    /** A crash: SIGKILL to the process and all its descendants, then waits until they are gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        process.descendants().forEach(tree::add);
        boolean wasAlive = tree.stream().anyMatch(ManagedProcess::alive);
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : tree) {
            if (!awaitExit(handle, Duration.ofSeconds(10))) {
                note("pid " + handle.pid() + " survived SIGKILL for 10 s");
            }
        }
        // The tree is dead, but java.lang.Process reports the child alive until its reaper thread
        // has collected the exit status: wait for that too, so isAlive() is false on return.
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (wasAlive) {
            note("killed");
        }
        RUNNING.remove(this);
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The OS pid of the running process. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** The last LINES lines of the log file (empty if there is none yet). */
    public String logTail(int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "";
            }
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    private IllegalStateException startFailure(String why, Exception probeError) {
        String message = "failed to start " + name + ": " + why
                + (probeError != null ? " (last probe error: " + probeError + ")" : "")
                + "\n---- last lines of " + logFile + ":\n" + logTail(40);
        return new IllegalStateException(message, probeError);
    }

    private void signal(String signal) {
        try {
            new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to signal " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lines the harness itself adds to the log, so a log reads as a history of starts and stops. */
    private void note(String line) {
        try {
            Files.writeString(logFile, "[harness " + Instant.now() + "] " + name + " " + line + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("[harness] cannot write " + logFile + ": " + e);
        }
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive(handle)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(Duration.ofMillis(20));
        }
        return true;
    }

    /** Alive and not a zombie: a killed grandchild may wait as a zombie until init reaps it. */
    private static boolean alive(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + handle.pid() + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false; // gone from /proc
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
