package io.fenrir.manager.dispatch;

import org.slf4j.MDC;

/**
 * Names the job a thread works for in the logging context, so that every log line about a job
 * carries its id as a field of its own ({@code mdc.jobId} in the JSON logs).
 */
final class JobLog {
    private static final String JOB_ID = "jobId";

    private JobLog() {
    }

    /** Until closed, this thread's log lines are about job {@code jobId}. */
    static MDC.MDCCloseable about(String jobId) {
        return MDC.putCloseable(JOB_ID, jobId);
    }
}
