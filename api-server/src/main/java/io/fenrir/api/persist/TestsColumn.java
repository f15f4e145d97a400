package io.fenrir.api.persist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.api.jobs.TestView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Reads the jobs.tests column, as core's {@link io.fenrir.core.job.JobTable#testsJson} writes it. */
@ApplicationScoped
public class TestsColumn {
    private static final TypeReference<List<TestView>> TESTS = new TypeReference<>() {
    };
    private final ObjectMapper json;

    public TestsColumn(ObjectMapper json) {
        this.json = json;
    }

    /** The tests' results of a row, or null while the job has none (no tests, or not finished). */
    public List<TestView> read(String column) {
        if (column == null) {
            return null;
        }
        try {
            return json.readValue(column, TESTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to decode test results " + column, e);
        }
    }
}
