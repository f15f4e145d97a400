package io.fenrir.agent;

import com.google.protobuf.ByteString;
import io.fenrir.agent.v1.OutputChunk;
import io.fenrir.agent.v1.Step;
import io.fenrir.agent.v1.StepResult;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs one step: starts its program, feeds its stdin, streams its output, enforces its wall limit
 * and reports how it ended. The step is over when its process is; whatever the process left running
 * is killed, never waited for. Steps run one at a time; {@link #stop()} may come from any thread.
 */
final class StepRunner {

    /** How long the pumps get, once the step's processes are dead, to read what is left in the pipes. */
    private static final Duration PIPE_DRAIN_TIMEOUT = Duration.ofSeconds(1);
    /** SIGKILL cannot be caught or ignored; a process that outlives this is stuck in the kernel. */
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(5);

    private final StepLauncher launcher;
    private final RunEventSink events;
    private volatile Process running;
    private volatile boolean stopped;

    StepRunner(StepLauncher launcher, RunEventSink events) {
        this.launcher = launcher;
        this.events = events;
    }

    /** Runs {@code step}, sending its output as it comes; returns its result without sending it. */
    StepResult run(Step step, ByteString stdin) throws AgentException {
        long startNanos = System.nanoTime();
        Process process = launcher.start(step);
        running = process;
        if (stopped) {
            // stop() came between start and the line above and found nothing to kill.
            ProcessTree.kill(process.toHandle());
        }
        try {
            feed(process, stdin);
            long outputLimit = step.getLimits().getOutputBytes();
            // uint64 in the contract: a value past Long.MAX_VALUE arrives negative and means "no practical limit".
            long limitBytes = outputLimit < 0 ? Long.MAX_VALUE : outputLimit;
            OutputPump stdout = OutputPump.start(
                    step.getName(), OutputChunk.Stream.STDOUT, process.getInputStream(), limitBytes, events);
            OutputPump stderr = OutputPump.start(
                    step.getName(), OutputChunk.Stream.STDERR, process.getErrorStream(), limitBytes, events);

            long wallLimitMs = Integer.toUnsignedLong(step.getLimits().getWallMs());
            boolean wallTimeExceeded = !process.waitFor(wallLimitMs, TimeUnit.MILLISECONDS);
            if (wallTimeExceeded) {
                ProcessTree.kill(process.toHandle());
                awaitDeath(step, process);
            }
            long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            // Orphans (a daemon, a background job) may still hold the output pipes open.
            ProcessTree.killLeftovers();
            drain(stdout, stderr);

            ExitStatus status = wallTimeExceeded
                    ? ExitStatus.KILLED_AT_WALL_LIMIT
                    : ExitStatus.fromExitValue(process.exitValue());
            return StepResult.newBuilder()
                    .setStep(step.getName())
                    .setExitCode(status.exitCode())
                    .setSignal(status.signal())
                    .setWallMs(wallMs)
                    // Not measurable here: the JDK reaps the child before Java code could read its
                    // rusage, and /proc forgets a process once it is reaped. The manager reads CPU
                    // time from the container's cgroup; 0 is the contract's "not measured".
                    .setCpuMs(0)
                    .setWallTimeExceeded(wallTimeExceeded)
                    .setStdoutTruncated(stdout.truncated())
                    .setStderrTruncated(stderr.truncated())
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AgentException.internal("failed to run step " + step.getName() + ": interrupted", e);
        } finally {
            running = null;
            // Only on a failure of the agent itself can the step's process still be alive here; a
            // step never outlives its run.
            if (process.isAlive()) {
                ProcessTree.kill(process.toHandle());
            }
        }
    }

    /** Kills the running step, if any; the step still ends with a result (signal 9). */
    void stop() {
        stopped = true;
        Process process = running;
        if (process != null) {
            ProcessTree.kill(process.toHandle());
        }
    }

    boolean stopped() {
        return stopped;
    }

    /**
     * Writes stdin from its own thread: a program that reads its output back before its input is
     * all written would otherwise deadlock with the agent.
     */
    private static void feed(Process process, ByteString stdin) {
        OutputStream pipe = process.getOutputStream();
        if (stdin.isEmpty()) {
            closeQuietly(pipe);
            return;
        }
        Thread feeder = new Thread(() -> {
            try (pipe) {
                stdin.writeTo(pipe);
            } catch (IOException e) {
                // EPIPE: the program ended or closed its stdin without reading it all. Its choice.
            }
        }, "stdin");
        // Blocked on a pipe that an orphan holds and never reads, it must not keep the agent alive.
        feeder.setDaemon(true);
        feeder.start();
    }

    private static void closeQuietly(OutputStream pipe) {
        try {
            pipe.close();
        } catch (IOException e) {
            // The program already closed its end: it gets end-of-file either way.
        }
    }

    private static void awaitDeath(Step step, Process process) throws AgentException, InterruptedException {
        if (!process.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw AgentException.internal("failed to kill step " + step.getName() + ": process " + process.pid()
                    + " still alive " + KILL_TIMEOUT.toSeconds() + " s after SIGKILL");
        }
    }

    /**
     * Waits for the pumps to reach the end of their pipes. A pipe held open by a process the agent
     * cannot reach (only outside a container, see {@link ProcessTree#killLeftovers()}) never ends:
     * its pump is detached so the step can finish.
     */
    private static void drain(OutputPump... pumps) throws InterruptedException {
        long deadline = System.nanoTime() + PIPE_DRAIN_TIMEOUT.toNanos();
        for (OutputPump pump : pumps) {
            if (!pump.awaitEnd(Duration.ofNanos(deadline - System.nanoTime()))) {
                pump.detach();
            }
        }
    }
}
