package io.fenrir.manager.persist;

/** Tells whoever waits for a job that its record is terminal now. Best effort: it never throws. */
public interface FinishedNotices {

    void announce(String jobId);
}
