package io.fenrir.api.persist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.core.job.JobTable;
import io.fenrir.core.job.Limits;
import org.junit.jupiter.api.Test;

class LimitsColumnTest {
    private final LimitsColumn column = new LimitsColumn(new ObjectMapper());

    @Test
    void theColumnCoreWritesIsTheSixCamelCaseFields() {
        assertThat(JobTable.limitsJson(new Limits(5000, 10000, 256, 64, 1048576, 16777216))).isEqualTo(
                "{\"cpuMs\":5000,\"wallMs\":10000,\"memoryMb\":256,\"pids\":64,\"outputBytes\":1048576,\"fileBytes\":16777216}");
    }

    @Test
    void aColumnReadsBackAsTheLimitsWrittenAndNullAsNull() {
        Limits limits = new Limits(1, 2, 3, 4, 5, 6);
        assertThat(column.read(JobTable.limitsJson(limits))).isEqualTo(limits);
        // jsonb normalises the text; key order and spacing do not matter.
        assertThat(column.read("{\"pids\": 4, \"fileBytes\": 6, \"cpuMs\": 1, \"wallMs\": 2, \"memoryMb\": 3, \"outputBytes\": 5}"))
                .isEqualTo(limits);
        assertThat(column.read(null)).isNull();
    }
}
