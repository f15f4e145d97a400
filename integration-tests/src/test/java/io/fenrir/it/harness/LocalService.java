package io.fenrir.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real server a test starts in its own temp dir: the life cycle every harness service shares.
 * The port and data dir are chosen once, in the constructor, so {@link #restart} (after {@link #stop} or
 * {@link #kill}) comes back on the same port with the same data. {@link #close} stops and deletes the dir.
 *
 * @param <S> the concrete service, so that {@code start()} can be chained: {@code new NatsServer().start()}
 */
public abstract class LocalService<S extends LocalService<S>> implements AutoCloseable {
    private final Path dir;
    private final ManagedProcess process;

    protected LocalService(String name, String stopSignal) {
        this.dir = TempDirs.create("fenrir-" + name + "-");
        this.process = new ManagedProcess(name, dir.resolve(name + ".log"), stopSignal, Duration.ofSeconds(20));
    }

    /** Writes config and initialises data on first start; must be idempotent (restart calls it again). */
    protected abstract void prepare() throws Exception;

    protected abstract List<String> command();

    protected Map<String, String> environment() {
        return Map.of();
    }

    protected abstract ManagedProcess.Probe readiness();

    protected Duration startTimeout() {
        return Duration.ofSeconds(60);
    }

    /** Runs once the process is ready, e.g. to create a database on first start. */
    protected void afterStart() throws Exception {
    }

    /** Starts the server and waits until it is ready; fails with the log's tail otherwise. */
    public S start() {
        try {
            prepare();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to prepare " + getClass().getSimpleName() + " in " + dir, e);
        } catch (Exception e) {
            throw new IllegalStateException("failed to prepare " + getClass().getSimpleName() + " in " + dir, e);
        }
        process.start(command(), environment(), dir, readiness(), startTimeout());
        try {
            afterStart();
        } catch (Exception e) {
            process.kill();
            throw new IllegalStateException("failed to set up " + getClass().getSimpleName() + ": " + e
                    + "\n---- last lines of " + process.logFile() + ":\n" + process.logTail(40), e);
        }
        @SuppressWarnings("unchecked")
        S self = (S) this;
        return self;
    }

    /** Graceful stop (SIGKILL after 20 s); data stays. */
    public void stop() {
        process.stop();
    }

    /** A crash: SIGKILL to the server and its children; data stays as the crash left it. */
    public void kill() {
        process.kill();
    }

    /** Stops (if running) and starts again on the same port with the same data. */
    public S restart() {
        stop();
        return start();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The service's temp dir: config, data and log. */
    public Path dir() {
        return dir;
    }

    public Path logFile() {
        return process.logFile();
    }

    public String logTail(int lines) {
        return process.logTail(lines);
    }

    /** Stops the server and deletes its temp dir (kept with -Dfenrir.it.keepDirs=true, for debugging). */
    @Override
    public void close() {
        stop();
        if (Boolean.getBoolean("fenrir.it.keepDirs")) {
            System.err.println("[harness] keeping " + dir);
        } else {
            TempDirs.delete(dir);
        }
    }
}
