package io.fenrir.agent;

import com.google.protobuf.ByteString;
import io.fenrir.agent.v1.OutputChunk;
import io.fenrir.agent.v1.RunEvent;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Copies one output stream (stdout or stderr) of a step's process to the job's events, on its own
 * thread, as chunks of at most {@link #MAX_CHUNK_BYTES}. Past the stream's byte limit it keeps
 * reading and drops what it reads: a process must never block on a full pipe, or a program that
 * floods its output would hang until its wall limit.
 */
final class OutputPump {

    /** Keeps every event well under gRPC's default 4 MiB message limit and the copy per chunk small. */
    static final int MAX_CHUNK_BYTES = 64 * 1024;

    private final String step;
    private final OutputChunk.Stream stream;
    private final InputStream source;
    private final CappedOutput output;
    private final RunEventSink events;
    private final Runnable onLimit;
    private final Thread thread;
    private final Object forwarding = new Object();
    private boolean detached; // guarded by forwarding

    private OutputPump(String step, OutputChunk.Stream stream, InputStream source, long limitBytes,
            RunEventSink events, Runnable onLimit) {
        this.step = step;
        this.stream = stream;
        this.source = source;
        this.output = new CappedOutput(limitBytes);
        this.events = events;
        this.onLimit = onLimit;
        this.thread = new Thread(this::pump, "output-" + stream.name().toLowerCase());
        // A pump detached from a pipe that an unreachable process still holds stays blocked in read;
        // it must not keep the agent alive.
        thread.setDaemon(true);
    }

    static OutputPump start(
            String step, OutputChunk.Stream stream, InputStream source, long limitBytes, RunEventSink events) {
        return start(step, stream, source, limitBytes, events, () -> { });
    }

    /** As above; {@code onLimit} runs once, on the pump's thread, when the stream first passes its limit. */
    static OutputPump start(String step, OutputChunk.Stream stream, InputStream source, long limitBytes,
            RunEventSink events, Runnable onLimit) {
        OutputPump pump = new OutputPump(step, stream, source, limitBytes, events, onLimit);
        pump.thread.start();
        return pump;
    }

    /** Waits until the stream reached its end; returns false if it did not within the timeout. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    /**
     * Stops forwarding for good and closes the stream. After this returns no chunk of this pump
     * reaches the events, so the step's result can be sent behind it.
     */
    void detach() {
        synchronized (forwarding) {
            detached = true;
        }
        try {
            source.close();
        } catch (IOException ignored) {
            // Nothing more is read from it either way.
        }
    }

    boolean truncated() {
        return output.truncated();
    }

    private void pump() {
        byte[] buffer = new byte[MAX_CHUNK_BYTES];
        try (source) {
            int read;
            boolean limitReported = false;
            while ((read = source.read(buffer)) != -1) {
                int kept = output.admit(read);
                forward(buffer, kept);
                if (kept < read && !limitReported) {
                    limitReported = true;
                    onLimit.run();
                }
            }
        } catch (IOException e) {
            // Expected after detach(); before it, the output ended early and the result must say so.
            synchronized (forwarding) {
                if (!detached) {
                    output.markIncomplete();
                }
            }
        }
    }

    private void forward(byte[] buffer, int length) {
        if (length == 0) {
            return;
        }
        OutputChunk chunk = OutputChunk.newBuilder()
                .setStep(step)
                .setStream(stream)
                .setData(ByteString.copyFrom(buffer, 0, length))
                .build();
        synchronized (forwarding) {
            if (!detached) {
                events.send(RunEvent.newBuilder().setOutput(chunk).build());
            }
        }
    }
}
