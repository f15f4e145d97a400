package io.fenrir.agent;

import io.fenrir.agent.v1.RunEvent;
import io.fenrir.agent.v1.StepResult;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's spans of its one Run: a server span for the Run and one span per step, children of
 * the manager's span that the call's trace context names. A Run without a trace context records
 * nothing ({@link #NONE}), and the OpenTelemetry SDK is not even loaded: it is created only for a
 * traced Run ({@link RecordedRunTrace}), so tracing adds nothing to the agent's start-up, which
 * every job waits for when the pool runs dry.
 */
interface RunTrace {

    RunTrace NONE = new RunTrace() {
        @Override
        public StepSpan step(String name) {
            return StepSpan.NONE;
        }

        @Override
        public Optional<RunEvent> end(Optional<String> failure) {
            return Optional.empty();
        }
    };

    /**
     * @param traceContext the call's trace context headers ({@link TraceContextInterceptor}), or null
     *                     when it carried none
     */
    static RunTrace start(Map<String, String> traceContext, String jobId) {
        return traceContext == null ? NONE : new RecordedRunTrace(traceContext, jobId);
    }

    /**
     * Loads and exercises what a traced Run uses, on a background thread of low priority: the first
     * traced Run of a JVM would otherwise spend ~100 ms of the job's time creating the SDK. For an
     * agent that was told the manager traces (--trace), called once it is ready.
     */
    static void prepare() {
        Thread thread = new Thread(RecordedRunTrace::rehearse, "trace-prepare");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** Starts the span of the step {@code name}; closing it ends it. */
    StepSpan step(String name);

    /**
     * Ends the Run's span, as failed when {@code failure} (the agent's own failure, not a program's)
     * is present, and returns every span of the Run as the event that carries them to the manager.
     */
    Optional<RunEvent> end(Optional<String> failure);

    /** One step's span. */
    interface StepSpan extends AutoCloseable {

        StepSpan NONE = new StepSpan() {
            @Override
            public void record(StepResult result) {
            }

            @Override
            public void close() {
            }
        };

        /** Adds how the step ended (exit status, limits hit, figures) to the span. */
        void record(StepResult result);

        @Override
        void close();
    }
}
