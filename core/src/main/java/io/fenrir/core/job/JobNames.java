package io.fenrir.core.job;

/** Names that the API and the manager must agree on: the work-queue stream and object keys. */
public final class JobNames {
    /** JetStream stream holding submitted jobs, with work-queue retention and file storage. */
    public static final String STREAM = "FENRIR_JOBS";
    /**
     * Subjects of submitted jobs, one per job ({@link #submitSubject}); the stream covers exactly these.
     * A subject per job lets the API find a queued job in the stream by its id alone (the last message
     * on its subject), so a job is never unknown while it waits, even when the API that accepted it died
     * before writing its row.
     */
    public static final String SUBMIT_SUBJECTS = "fenrir.jobs.submit.*";
    /** Durable pull consumer shared by every sandbox manager instance. */
    public static final String CONSUMER = "sandbox-manager";
    /**
     * JetStream stream of dead letters: the jobs that could not be run within their deliveries, with
     * why (headers {@link #DEAD_REASON}, {@link #DEAD_ATTEMPTS}). Limits retention: kept until an
     * operator replays or drops them.
     */
    public static final String DEAD_LETTER_STREAM = "FENRIR_DLQ";
    /** Subject of dead letters; the dead-letter stream covers exactly this subject. */
    public static final String DEAD_LETTER_SUBJECT = "fenrir.jobs.dead";
    /** Header of a dead letter: why its job could not be run. */
    public static final String DEAD_REASON = "Fenrir-Reason";
    /** Header of a dead letter: how many deliveries its job had. */
    public static final String DEAD_ATTEMPTS = "Fenrir-Attempts";
    /** Header of a dead letter: the job id (also when the message could not be decoded). */
    public static final String DEAD_JOB_ID = "Fenrir-Job-Id";
    /** Core NATS subject prefix of cancellation notices; the job id follows. Every manager listens. */
    public static final String CANCEL_SUBJECT_PREFIX = "fenrir.jobs.cancel.";
    /**
     * Core NATS subject prefix of the notices that a job's record became terminal (the job id follows),
     * sent by whoever wrote it: a manager, or the API for a cancellation. Every API instance listens, to
     * answer the requests waiting for that job at once. At most once, like all of core NATS: a waiter that
     * misses its notice reads the record when its wait ends, so a lost notice costs time, never a result.
     */
    public static final String FINISHED_SUBJECT_PREFIX = "fenrir.jobs.finished.";
    /**
     * JetStream stream of what a running job shows as it happens (GET /jobs/{id}/events): its status
     * changes and its output chunks, one subject per job ({@link #eventSubject}). In memory, kept an
     * hour: the durable copy of a job is its row and its objects.
     */
    public static final String EVENT_STREAM = "FENRIR_EVENTS";
    /** Subjects of the event stream; the stream covers exactly these. */
    public static final String EVENT_SUBJECTS = "fenrir.events.*";
    /** Header of an event: what it is ({@link #EVENT_STATUS}, {@link #EVENT_FINISHED} or an output stream). */
    public static final String EVENT_KIND = "Fenrir-Event";
    /** Header of an output event: the step that wrote it ("run", "compile", "test-3"). */
    public static final String EVENT_STEP = "Fenrir-Step";
    /** Event: an attempt of the job started running; its body is the attempt number. */
    public static final String EVENT_STATUS = "status";
    /** Event: the job's record is terminal; the last event of the job. */
    public static final String EVENT_FINISHED = "finished";

    /** JetStream key-value bucket: language name → {@link io.fenrir.core.lang.LanguageRuntime}, written by managers. */
    public static final String LANGUAGES_BUCKET = "fenrir_languages";

    private JobNames() {
    }

    /** The subject of job {@code jobId}'s events. */
    public static String eventSubject(String jobId) {
        return "fenrir.events." + jobId;
    }

    /** The subject job {@code jobId} is published on. */
    public static String submitSubject(String jobId) {
        return "fenrir.jobs.submit." + jobId;
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

    /** The prefix of every object of a job: its sources, outputs and tests' outputs. */
    public static String objectPrefix(String jobId) {
        return "jobs/" + jobId + "/";
    }

    /** Object key of the standard output of test {@code index}'s run (a job with tests). */
    public static String testStdoutKey(String jobId, int index) {
        return "jobs/" + jobId + "/tests/" + index + "/stdout";
    }

    /** Object key of the standard error of test {@code index}'s run. */
    public static String testStderrKey(String jobId, int index) {
        return "jobs/" + jobId + "/tests/" + index + "/stderr";
    }
}
