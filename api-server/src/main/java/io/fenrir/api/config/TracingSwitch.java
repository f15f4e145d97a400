package io.fenrir.api.config;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns the OpenTelemetry SDK on only when FENRIR_OTLP_ENDPOINT names a collector. Without one the
 * SDK would export to its default localhost:4317 and log a failure for every batch; with it off,
 * requests are not traced at all and nothing is sent. quarkus.otel.sdk.disabled is read at run
 * time, so one build serves both. The other tracing settings are in application.properties.
 *
 * <p>Ordinal 260: above application.properties (250), so that file need not (and must not) say it,
 * and below the environment (300), so QUARKUS_OTEL_SDK_DISABLED still decides when it is set.
 */
public final class TracingSwitch implements ConfigSource {
    static final String ENDPOINT = "FENRIR_OTLP_ENDPOINT";
    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";

    private final Map<String, String> environment;

    /** As Quarkus loads it (META-INF/services), from the process's environment. */
    public TracingSwitch() {
        this(System.getenv());
    }

    TracingSwitch(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(SDK_DISABLED);
    }

    @Override
    public String getValue(String name) {
        if (!SDK_DISABLED.equals(name)) {
            return null;
        }
        String endpoint = environment.get(ENDPOINT);
        return Boolean.toString(endpoint == null || endpoint.isBlank());
    }

    @Override
    public String getName() {
        return "fenrir-tracing-switch";
    }

    @Override
    public int getOrdinal() {
        return 260;
    }
}
