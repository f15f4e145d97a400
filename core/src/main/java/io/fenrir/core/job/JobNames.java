package io.fenrir.core.job;

/** Names that the API and the manager must agree on: the work-queue stream and object keys. */
public final class JobNames {
    /** JetStream stream holding submitted jobs, with work-queue retention and file storage. */
    public static final String STREAM = "FENRIR_JOBS";
    /** Subject jobs are published on; the stream covers exactly this subject. */
    public static final String SUBMIT_SUBJECT = "fenrir.jobs.submit";
    /** Durable pull consumer shared by every sandbox manager instance. */
    public static final String CONSUMER = "sandbox-manager";
    /** JetStream key-value bucket: language name → {@link io.fenrir.core.lang.LanguageRuntime}, written by managers. */
    public static final String LANGUAGES_BUCKET = "fenrir_languages";

    private JobNames() {
    }

    /** Object key of one source file of a job. */
    public static String sourceKey(String jobId, String fileName) {
        return "jobs/" + jobId + "/files/" + fileName;
    }

    /** Object key of a job's standard output. */
    public static String stdoutKey(String jobId) {
        return "jobs/" + jobId + "/stdout";
    }

    /** Object key of the compile step's output (stdout and stderr, in arrival order). */
    public static String compileOutputKey(String jobId) {
        return "jobs/" + jobId + "/compile-output";
    }

    /** Object key of a job's standard error. */
    public static String stderrKey(String jobId) {
        return "jobs/" + jobId + "/stderr";
    }
}
