package io.fenrir.agent;

import io.fenrir.agent.v1.RunRequest;
import io.fenrir.agent.v1.Step;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's job slot: one job at a time, as many jobs in a row as the manager sends. A Run that
 * comes while a job holds the slot is refused; the slot is free again once the job's {@link Job#end}
 * has removed what it had. A job cannot reach the agent's socket: it is not in the job's sandbox.
 */
final class Agent {

    /** Reported when the classes do not come from the packaged jar, as in tests. */
    private static final String UNPACKAGED_VERSION = "unpackaged";

    private final AgentConfig config;
    private final Bubblewrap bubblewrap;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicLong jobs = new AtomicLong();

    Agent(AgentConfig config, Bubblewrap bubblewrap) {
        this.config = config;
        this.bubblewrap = bubblewrap;
    }

    /**
     * Takes the slot for {@code request}; nothing of the job runs until {@link Job#run()}. A request that
     * breaks the contract is refused here, before anything of it is written or started, so a refusal
     * leaves the worker as it was (the manager gives it the next job).
     *
     * @param traceContext the call's trace context ({@link TraceContextInterceptor}), or null: the job's
     *                     spans are recorded only with one
     */
    Job accept(RunRequest request, RunEventSink events, Map<String, String> traceContext) throws AgentException {
        if (!busy.compareAndSet(false, true)) {
            throw AgentException.failedPrecondition("failed to accept run: the agent is running another job");
        }
        try {
            StepLauncher launcher = new StepLauncher(config.jobUsers(), config.jobSeccomp(), bubblewrap);
            StepValidation.check(request.getStepsList());
            for (Step step : request.getStepsList()) {
                launcher.userOf(step);
            }
            JobFiles.check(request.getFilesList());
            StepRunner steps = new StepRunner(launcher, events);
            JobDirectory directory = JobDirectory.create(config.workdir(), jobs.incrementAndGet(), config.jobUsers());
            return new Job(request, directory, config.cgroupRoot(), steps, events,
                    RunTrace.start(traceContext, request.getJobId()));
        } catch (AgentException | RuntimeException e) {
            busy.set(false);
            throw e;
        }
    }

    /** The job that held the slot has ended and its leftovers are gone: the next Run may come. */
    void release() {
        busy.set(false);
    }

    /** The Implementation-Version of the agent's jar manifest. */
    static String version() {
        String version = Agent.class.getPackage().getImplementationVersion();
        return version != null ? version : UNPACKAGED_VERSION;
    }
}
