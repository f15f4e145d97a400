package io.fenrir.agent;

import io.fenrir.agent.v1.RunRequest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The agent's one job slot. The container is one-shot: the first Run takes the slot, whatever
 * becomes of it, and every later Run is refused. That includes a Run from the job itself, which
 * can reach the agent's socket from inside the container.
 */
final class Agent {

    /** Reported when the classes do not come from the packaged jar, as in tests. */
    private static final String UNPACKAGED_VERSION = "unpackaged";

    private final AgentConfig config;
    private final AtomicBoolean taken = new AtomicBoolean();

    Agent(AgentConfig config) {
        this.config = config;
    }

    /**
     * Takes the slot for {@code request}; nothing of the job runs until {@link Job#run()}.
     *
     * @param traceContext the call's trace context ({@link TraceContextInterceptor}), or null: the job's
     *                     spans are recorded only with one
     */
    Job accept(RunRequest request, RunEventSink events, Map<String, String> traceContext) throws AgentException {
        if (!taken.compareAndSet(false, true)) {
            throw AgentException.failedPrecondition(
                    "failed to accept run: this agent already accepted one and serves exactly one");
        }
        StepLauncher launcher = new StepLauncher(config.workdir(), config.jobUsers(), config.cgroupRoot());
        StepRunner steps = new StepRunner(launcher, config.jobUsers(), events);
        return new Job(request, new JobFiles(config.workdir()), steps, events,
                RunTrace.start(traceContext, request.getJobId()));
    }

    /** The Implementation-Version of the agent's jar manifest. */
    static String version() {
        String version = Agent.class.getPackage().getImplementationVersion();
        return version != null ? version : UNPACKAGED_VERSION;
    }
}
