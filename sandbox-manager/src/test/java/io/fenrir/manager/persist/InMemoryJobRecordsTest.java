package io.fenrir.manager.persist;

import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.JobStatus;
import io.fenrir.core.job.Stage;
import java.util.List;
import java.util.Optional;

class InMemoryJobRecordsTest extends JobRecordsContract {
    private final InMemoryJobRecords records = new InMemoryJobRecords();

    @Override
    protected JobRecords records() {
        return records;
    }

    @Override
    protected Optional<JobRecordView> read(String id) {
        return records.read(id);
    }

    @Override
    protected List<Stage> stages(String id) {
        return records.stages(id);
    }

    @Override
    protected void putAsApi(JobMessage job, JobStatus status) {
        records.putAsApi(job, status);
    }

    @Override
    protected void insertAsApiWithSourcesStored(JobMessage job) {
        records.insertAsApiWithSourcesStored(job);
    }
}
