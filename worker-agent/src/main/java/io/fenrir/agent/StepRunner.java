package io.fenrir.agent;

import com.google.protobuf.ByteString;
import io.fenrir.agent.v1.OutputChunk;
import io.fenrir.agent.v1.Step;
import io.fenrir.agent.v1.StepResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one step: starts its program, feeds its stdin, streams its output, enforces its wall, CPU
 * and output limits and reports how it ended, with the figures of its cgroup. The step is over
 * when its process is; whatever the job left running is killed, never waited for: in a sandbox its
 * pid namespace is torn down, then its cgroup must be empty. Steps run one at a time; {@link #stop()}
 * may come from any thread.
 */
final class StepRunner {

    /** How long the pumps get, once the step's processes are dead, to read what is left in the pipes. */
    private static final Duration PIPE_DRAIN_TIMEOUT = Duration.ofSeconds(1);
    /** SIGKILL cannot be caught or ignored; a process that outlives this is stuck in the kernel. */
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(5);
    /** How often the cgroup's CPU time is compared with the limit: the most a step can overrun it by. */
    private static final long CPU_POLL_MS = 20;
    /** How long a torn-down step's processes get to leave its cgroup; the kernel needs a moment to reap them. */
    private static final Duration CGROUP_EMPTY_TIMEOUT = Duration.ofSeconds(2);

    /** Why the agent ended a step before its program did. */
    private enum Stop { WALL_TIME, CPU_TIME, OUTPUT, CANCELLED }

    private final StepLauncher launcher;
    private final ProcessTree processes;
    private final RunEventSink events;
    private volatile Process running;
    private volatile boolean stopped;
    /** Why the worker must not serve another job, once a step left something behind. */
    private volatile String leftovers;
    private final AtomicReference<Stop> stop = new AtomicReference<>();

    StepRunner(StepLauncher launcher, RunEventSink events) {
        this.launcher = launcher;
        this.processes = new ProcessTree(launcher.sandboxed());
        this.events = events;
    }

    /**
     * Runs {@code step} on the job's files in {@code jobDir}, in {@code cgroup}, sending its output as
     * it comes; returns its result without sending it.
     */
    StepResult run(Step step, ByteString stdin, Path jobDir, Optional<StepCgroup> cgroup) throws AgentException {
        launcher.userOf(step);
        stop.set(null);
        long startNanos = System.nanoTime();
        Process process = launcher.start(step, jobDir, cgroup);
        running = process;
        if (stopped) {
            // stop() came between start and the line above and found nothing to kill.
            end(Stop.CANCELLED, process);
        }
        try {
            feed(process, stdin);
            long outputLimit = step.getLimits().getOutputBytes();
            // uint64 in the contract: a value past Long.MAX_VALUE arrives negative and means "no practical limit".
            long limitBytes = outputLimit < 0 ? Long.MAX_VALUE : outputLimit;
            Runnable outputLimitReached = () -> end(Stop.OUTPUT, process);
            OutputPump stdout = OutputPump.start(step.getName(), OutputChunk.Stream.STDOUT, process.getInputStream(),
                    limitBytes, events, outputLimitReached);
            OutputPump stderr = OutputPump.start(step.getName(), OutputChunk.Stream.STDERR, process.getErrorStream(),
                    limitBytes, events, outputLimitReached);

            long cpuLimitMs = Integer.toUnsignedLong(step.getLimits().getCpuMs());
            supervise(step, process, cgroup, cpuLimitMs);
            long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            // Orphans (a daemon, a background job, a stopped process) may still hold the output pipes open.
            processes.killAll(process.toHandle());
            awaitDeath(step, process);
            if (cgroup.isPresent()) {
                requireEmpty(step, cgroup.get());
            }
            drain(stdout, stderr);

            Stop reason = stop.get();
            ExitStatus status = reason != null ? ExitStatus.KILLED_AT_LIMIT : ExitStatus.fromExitValue(process.exitValue());
            StepResult.Builder result = StepResult.newBuilder()
                    .setStep(step.getName())
                    .setExitCode(status.exitCode())
                    .setSignal(status.signal())
                    .setWallMs(wallMs)
                    .setWallTimeExceeded(reason == Stop.WALL_TIME)
                    .setOutputLimitExceeded(reason == Stop.OUTPUT)
                    .setStdoutTruncated(stdout.truncated())
                    .setStderrTruncated(stderr.truncated());
            if (cgroup.isPresent()) {
                long cpuMs = cgroup.get().cpuMs();
                result.setCpuMs(cpuMs)
                        // Also when the program exited between two polls with more CPU time than allowed.
                        .setCpuTimeExceeded(reason == Stop.CPU_TIME || cpuLimitMs > 0 && cpuMs > cpuLimitMs)
                        .setMemoryPeakBytes(cgroup.get().memoryPeakBytes())
                        .setMemoryLimitExceeded(cgroup.get().oomKills() > 0);
            }
            return result.build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AgentException.internal("failed to run step " + step.getName() + ": interrupted", e);
        } finally {
            running = null;
            // Only on a failure of the agent itself can the step's process still be alive here; a
            // step never outlives its run.
            if (process.isAlive()) {
                processes.killAll(process.toHandle());
            }
        }
    }

    /** Kills the running step, if any; the step still ends with a result (signal 9). */
    void stop() {
        stopped = true;
        Process process = running;
        if (process != null) {
            end(Stop.CANCELLED, process);
        }
    }

    boolean stopped() {
        return stopped;
    }

    /** Why this job's worker must be retired (a step left a process behind), if one did. */
    Optional<String> leftovers() {
        return Optional.ofNullable(leftovers);
    }

    /**
     * The teardown of the step's pid namespace killed everything in it; its cgroup must now empty.
     * Anything still there escaped the namespace somehow: it is killed by pid (the agent holds
     * CAP_KILL), and the worker is marked for retirement, since it can no longer be vouched for.
     */
    private void requireEmpty(Step step, StepCgroup cgroup) throws AgentException, InterruptedException {
        long deadline = System.nanoTime() + CGROUP_EMPTY_TIMEOUT.toNanos();
        List<Long> left = cgroup.processes();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
            left = cgroup.processes();
        }
        if (!left.isEmpty()) {
            leftovers = "step " + step.getName() + " left processes " + left + " in its cgroup after its teardown";
            ProcessTree.kill(left);
        }
    }

    /**
     * Waits for the step's process to exit, ending the step at its wall limit or when its cgroup's
     * CPU time passes the CPU limit (every process of the step counts, so forking does not help).
     */
    private void supervise(Step step, Process process, Optional<StepCgroup> cgroup, long cpuLimitMs)
            throws AgentException, InterruptedException {
        long wallLimitMs = Integer.toUnsignedLong(step.getLimits().getWallMs());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wallLimitMs);
        boolean watchCpu = cgroup.isPresent() && cpuLimitMs > 0;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                end(Stop.WALL_TIME, process);
                return;
            }
            long sliceMs = watchCpu ? Math.min(CPU_POLL_MS, TimeUnit.NANOSECONDS.toMillis(left) + 1)
                    : TimeUnit.NANOSECONDS.toMillis(left) + 1;
            if (process.waitFor(sliceMs, TimeUnit.MILLISECONDS) || stop.get() != null) {
                return;
            }
            if (watchCpu && cgroup.get().cpuMs() > cpuLimitMs) {
                end(Stop.CPU_TIME, process);
                return;
            }
        }
    }

    /** Ends the step for {@code reason}, unless it already ended for another one. */
    private void end(Stop reason, Process process) {
        if (stop.compareAndSet(null, reason) || reason == Stop.CANCELLED) {
            processes.killAll(process.toHandle());
        }
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
     * cannot reach (only outside a sandbox, see {@link ProcessTree#killAll}) never ends: its pump
     * is detached so the step can finish.
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
