package io.fenrir.agent;

import io.fenrir.agent.v1.RunEvent;

/**
 * Where a job's events go, in the order they are sent. Implementations must accept calls from
 * several threads (a step's stdout and stderr are read by two).
 */
interface RunEventSink {

    void send(RunEvent event);
}
