package io.fenrir.core.job;

import java.time.Instant;

/**
 * One stage of a job's way through the platform, as its timeline shows it (GET /jobs/{id}/timeline):
 * when it started and ended, in which attempt. The API records the stages before any delivery
 * (attempt 0); the manager those of each delivery.
 */
public record Stage(Name name, int attempt, Instant startedAt, Instant endedAt) {

    /** The stages in the order a job goes through them; the wire names are the timeline's. */
    public enum Name {
        /** Request received → JetStream holds the job (the 202). */
        ACCEPTED("accepted"),
        /** The 202 → the job's row written by the API. */
        PERSISTED("persisted"),
        /** JetStream stored the job → a manager pulled it: the queue wait. */
        DEQUEUED("dequeued"),
        /** Pulled with an idle worker in hand → the attempt recorded RUNNING (PostgreSQL). */
        WORKER_ASSIGNED("workerAssigned"),
        /** The compile step, as long as the agent measured it. */
        COMPILE("compile"),
        /** The run step, as long as the agent measured it. */
        RUN("run"),
        /** The agent's last answer → sources, output and the terminal row stored. */
        OUTPUT_STORED("outputStored"),
        /** Stored → JetStream confirmed the acknowledgement. */
        ACKED("acked");

        private final String wire;

        Name(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
