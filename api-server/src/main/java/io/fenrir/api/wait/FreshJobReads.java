package io.fenrir.api.wait;

import io.fenrir.api.jobs.JobService;
import io.fenrir.api.jobs.JobView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

/**
 * Reads a job in a request context of its own, off the request's thread: the request's own session
 * would answer with the row it read before the wait.
 */
@ApplicationScoped
public class FreshJobReads {
    private final JobService jobs;

    public FreshJobReads(JobService jobs) {
        this.jobs = jobs;
    }

    @ActivateRequestContext
    public JobView find(String id) {
        return jobs.find(id);
    }
}
