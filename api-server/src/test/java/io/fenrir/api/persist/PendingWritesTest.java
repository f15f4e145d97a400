package io.fenrir.api.persist;

import static io.fenrir.api.persist.PendingWrites.Admission.ADMITTED;
import static io.fenrir.api.persist.PendingWrites.Admission.ALREADY_PENDING;
import static io.fenrir.api.persist.PendingWrites.Admission.FULL;
import static org.assertj.core.api.Assertions.assertThat;

import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.Limits;
import io.fenrir.core.job.SourceFile;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PendingWritesTest {
    static final Limits LIMITS = new Limits(5000, 10000, 256, 64, 1048576, 16777216);

    @Test
    void admitsJobsUpToTheCountThenRefuses() {
        PendingWrites pending = new PendingWrites(2, Long.MAX_VALUE);
        assertThat(pending.admit(job(10), 2)).isEqualTo(ADMITTED);
        assertThat(pending.admit(job(10), 2)).isEqualTo(ADMITTED);
        assertThat(pending.admit(job(10), 2)).isEqualTo(FULL);
        assertThat(pending.jobs()).isEqualTo(2);
    }

    @Test
    void admitsJobsUpToTheBytesThenRefuses() {
        PendingWrites pending = new PendingWrites(100, 1000);
        JobMessage first = job(600);
        assertThat(pending.admit(first, 2)).isEqualTo(ADMITTED);
        assertThat(pending.bytes()).isEqualTo(PendingWrites.weight(first));
        assertThat(pending.admit(job(600), 2)).isEqualTo(FULL);
        assertThat(pending.admit(job(100), 2)).isEqualTo(ADMITTED);
    }

    @Test
    void oneJobLargerThanTheByteBoundIsAdmittedWhenNothingElseWaits() {
        PendingWrites pending = new PendingWrites(100, 10);
        assertThat(pending.admit(job(1000), 2)).isEqualTo(ADMITTED);
        assertThat(pending.admit(job(1), 2)).isEqualTo(FULL);
    }

    @Test
    void theSourcesAreStoredOnceEachOfTheJobsFilesIs() {
        PendingWrites pending = new PendingWrites(10, Long.MAX_VALUE);
        JobMessage job = new JobMessage(UUID.randomUUID().toString(), "python",
                List.of(new SourceFile("main.py", new byte[1]), new SourceFile("util.py", new byte[1])), "",
                List.of(), List.of(), LIMITS, Instant.now());
        pending.admit(job, 3);
        assertThat(pending.sourcesStored(job.id())).isFalse();
        pending.sourceStored(job.id());
        assertThat(pending.sourcesStored(job.id())).isFalse();
        pending.sourceStored(job.id());
        assertThat(pending.sourcesStored(job.id())).isTrue();
        assertThat(pending.sourcesStored(UUID.randomUUID().toString())).as("a job not held").isFalse();
    }

    @Test
    void theRoomIsFreeOnlyOnceEveryWriteOfTheJobIsDone() {
        PendingWrites pending = new PendingWrites(1, Long.MAX_VALUE);
        JobMessage job = job(10);
        pending.admit(job, 3);
        pending.rowWritten(job.id());
        pending.writeDone(job.id());
        pending.writeDone(job.id());
        assertThat(pending.admit(job(10), 2)).isEqualTo(FULL);
        pending.writeDone(job.id());
        assertThat(pending.jobs()).isZero();
        assertThat(pending.bytes()).isZero();
        assertThat(pending.admit(job(10), 2)).isEqualTo(ADMITTED);
    }

    @Test
    void aJobIsKnownForGetUntilItsRowIsWrittenEvenIfItsSourcesAreNot() {
        PendingWrites pending = new PendingWrites(10, Long.MAX_VALUE);
        JobMessage job = job(10);
        pending.admit(job, 2);
        assertThat(pending.unwrittenRow(job.id())).contains(job);
        pending.writeDone(job.id()); // the source object
        assertThat(pending.unwrittenRow(job.id())).contains(job);
        pending.rowWritten(job.id());
        assertThat(pending.unwrittenRow(job.id())).isEmpty();
        assertThat(pending.jobs()).isEqualTo(1);
    }

    @Test
    void aJobAlreadyPendingIsNotCountedTwice() {
        PendingWrites pending = new PendingWrites(10, Long.MAX_VALUE);
        JobMessage job = job(10);
        pending.admit(job, 2);
        assertThat(pending.admit(job, 2)).isEqualTo(ALREADY_PENDING);
        assertThat(pending.jobs()).isEqualTo(1);
        assertThat(pending.bytes()).isEqualTo(PendingWrites.weight(job));
    }

    @Test
    void aForgottenJobFreesItsRoomAtOnce() {
        PendingWrites pending = new PendingWrites(1, Long.MAX_VALUE);
        JobMessage job = job(10);
        pending.admit(job, 2);
        pending.forget(job.id());
        assertThat(pending.unwrittenRow(job.id())).isEmpty();
        assertThat(pending.admit(job(10), 2)).isEqualTo(ADMITTED);
    }

    @Test
    void theWeightCountsFilesStdinAndArguments() {
        JobMessage job = new JobMessage(UUID.randomUUID().toString(), "c",
                List.of(new SourceFile("main.c", new byte[100]), new SourceFile("a.h", new byte[20])), "é", List.of("abc"),
                List.of("-O2"), LIMITS, Instant.now());
        assertThat(PendingWrites.weight(job)).isEqualTo(100 + 6 + 20 + 3 + 2 + 3 + 3);
    }

    static JobMessage job(int sourceBytes) {
        return new JobMessage(UUID.randomUUID().toString(), "python", List.of(new SourceFile("m", new byte[sourceBytes])),
                "", List.of(), List.of(), LIMITS, Instant.now());
    }
}
