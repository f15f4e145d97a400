package io.fenrir.manager.persist;

/**
 * Tells whoever follows a job that its record changed: an attempt started running, or the record is
 * terminal now. Best effort: it never throws.
 */
public interface JobNotices {

    void running(String jobId, int attempt);

    void finished(String jobId);
}
