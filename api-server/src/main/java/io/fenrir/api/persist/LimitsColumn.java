package io.fenrir.api.persist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.core.job.Limits;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The jobs.limits column: {@link Limits} as camelCase JSON ({"cpuMs":..,"wallMs":..}), the same
 * text the sandbox manager writes there.
 */
@ApplicationScoped
public class LimitsColumn {
    private final ObjectMapper json;

    public LimitsColumn(ObjectMapper json) {
        this.json = json;
    }

    public String write(Limits limits) {
        try {
            return json.writeValueAsString(limits);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to encode limits " + limits, e);
        }
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
