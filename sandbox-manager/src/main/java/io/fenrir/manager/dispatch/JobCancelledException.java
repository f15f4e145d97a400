package io.fenrir.manager.dispatch;

/** The job was cancelled while it ran here; its run was stopped. Not a failure: no retry. */
public final class JobCancelledException extends Exception {
    JobCancelledException(String jobId) {
        super("job " + jobId + " was cancelled while it ran");
    }
}
