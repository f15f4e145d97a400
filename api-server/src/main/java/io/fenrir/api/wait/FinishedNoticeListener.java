package io.fenrir.api.wait;

import io.fenrir.core.job.JobNames;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hears every finished-job notice (core NATS, sent by the managers and by cancellations on any API
 * instance) and wakes this instance's requests waiting for that job. The subscription outlives
 * reconnections (the NATS client restores it); notices sent while it was away are lost, and their
 * waiters read the job when their wait ends.
 */
@Startup
@ApplicationScoped
public class FinishedNoticeListener {
    private static final String SUBJECTS = JobNames.FINISHED_SUBJECT_PREFIX + "*";

    private final Dispatcher dispatcher;

    public FinishedNoticeListener(Connection connection, JobWaiters waiters) {
        int prefix = JobNames.FINISHED_SUBJECT_PREFIX.length();
        this.dispatcher = connection.createDispatcher(
                notice -> waiters.finished(notice.getSubject().substring(prefix)));
        dispatcher.subscribe(SUBJECTS);
    }

    @PreDestroy
    void stop() {
        dispatcher.unsubscribe(SUBJECTS);
    }
}
