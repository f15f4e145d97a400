package io.fenrir.api.persist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.core.job.Limits;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the jobs.limits column: {@link Limits} as camelCase JSON ({"cpuMs":..,"wallMs":..}), as core's
 * {@link io.fenrir.core.job.JobTable} writes it for both processes.
 */
@ApplicationScoped
public class LimitsColumn {
    private final ObjectMapper json;

    public LimitsColumn(ObjectMapper json) {
        this.json = json;
    }

    /** The limits of a row, or null for a row written before the column existed. */
    public Limits read(String column) {
        if (column == null) {
            return null;
        }
        try {
            return json.readValue(column, Limits.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to decode limits " + column, e);
        }
    }
}
