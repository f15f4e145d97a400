package io.fenrir.manager.dispatch;

/** Where a running job's output goes as it arrives, for those who follow the job. Best effort: never throws. */
public interface LiveOutput {
    /** Output followed by nobody: for tests of the dispatch logic. */
    LiveOutput NONE = (jobId, step, stream, data) -> {
    };

    /** @param stream "stdout", "stderr" or, for the compile step's, "compile-output" */
    void chunk(String jobId, String step, String stream, byte[] data);
}
