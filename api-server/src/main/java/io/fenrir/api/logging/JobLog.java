package io.fenrir.api.logging;

import org.jboss.logging.MDC;

/**
 * Puts the job a thread works for into the logging context, so that every log line about a job
 * carries its id as a field of its own ({@code mdc.jobId} in the JSON logs), beside the trace id.
 */
public final class JobLog {
    public static final String JOB_ID = "jobId";

    private JobLog() {
    }

    /** From now on this thread's log lines are about job {@code jobId} (nothing when null). */
    public static void put(String jobId) {
        if (jobId != null) {
            MDC.put(JOB_ID, jobId);
        }
    }

    public static void clear() {
        MDC.remove(JOB_ID);
    }
}
