package io.fenrir.api.persist;

import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The jobs this process accepted whose background writes (row, source objects) are not all done,
 * bounded in number and in bytes: while PostgreSQL or S3 is down this is what grows, and it must
 * stop growing before the heap does. A job holds its room from before it is published until its
 * last write succeeded, so a job that is refused here was never accepted, and one that is accepted
 * always has room for its writes.
 */
final class PendingWrites {

    enum Admission {
        /** Room was taken; the caller publishes, then schedules the writes or gives the room back. */
        ADMITTED,
        /** This process is already writing this job (the same job accepted again, by its Idempotency-Key). */
        ALREADY_PENDING,
        /** Either bound is reached. */
        FULL
    }

    private final int maxJobs;
    private final long maxBytes;
    private final Map<String, Entry> jobs = new HashMap<>();
    private long bytes;

    PendingWrites(int maxJobs, long maxBytes) {
        this.maxJobs = maxJobs;
        this.maxBytes = maxBytes;
    }

    /** @param writes how many writes the job will need before its room is free again */
    synchronized Admission admit(JobMessage job, int writes) {
        if (jobs.containsKey(job.id())) {
            return Admission.ALREADY_PENDING;
        }
        long weight = weight(job);
        // One job is always let in, however large: otherwise a job over max-bytes could never run.
        if (!jobs.isEmpty() && (jobs.size() >= maxJobs || bytes + weight > maxBytes)) {
            return Admission.FULL;
        }
        jobs.put(job.id(), new Entry(job, weight, writes));
        bytes += weight;
        return Admission.ADMITTED;
    }

    /** One of the job's source objects is in S3. */
    synchronized void sourceStored(String id) {
        Entry entry = jobs.get(id);
        if (entry != null) {
            entry.unstoredSources--;
        }
    }

    /** Whether every source object of the job is in S3 (false once the job is no longer held here). */
    synchronized boolean sourcesStored(String id) {
        Entry entry = jobs.get(id);
        return entry != null && entry.unstoredSources <= 0;
    }

    /** The job's row is in PostgreSQL: GET no longer needs it from here. */
    synchronized void rowWritten(String id) {
        Entry entry = jobs.get(id);
        if (entry != null) {
            entry.rowWritten = true;
        }
    }

    /** One of the job's writes is done; the last one frees its room. */
    synchronized void writeDone(String id) {
        Entry entry = jobs.get(id);
        if (entry != null && --entry.outstanding <= 0) {
            remove(id);
        }
    }

    /** The job was not accepted after all (its publish failed): its room is free at once. */
    synchronized void forget(String id) {
        remove(id);
    }

    /** The job, while its row is not written yet. */
    synchronized Optional<JobMessage> unwrittenRow(String id) {
        Entry entry = jobs.get(id);
        return entry == null || entry.rowWritten ? Optional.empty() : Optional.of(entry.job);
    }

    synchronized int jobs() {
        return jobs.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    private void remove(String id) {
        Entry entry = jobs.remove(id);
        if (entry != null) {
            bytes -= entry.weight;
        }
    }

    /** What the job keeps in memory until its writes are done: its files, stdin and arguments. */
    static long weight(JobMessage job) {
        long weight = job.stdin().getBytes(StandardCharsets.UTF_8).length;
        for (SourceFile file : job.files()) {
            weight += file.content().length + file.name().length();
        }
        for (String arg : job.args()) {
            weight += arg.length();
        }
        for (String arg : job.compileArgs()) {
            weight += arg.length();
        }
        return weight;
    }

    private static final class Entry {
        final JobMessage job;
        final long weight;
        int outstanding;
        int unstoredSources;
        boolean rowWritten;

        Entry(JobMessage job, long weight, int outstanding) {
            this.job = job;
            this.weight = weight;
            this.outstanding = outstanding;
            this.unstoredSources = job.files().size();
        }
    }
}
