package io.fenrir.api.limits;

import io.fenrir.api.config.FenrirConfig;
import io.fenrir.api.error.ApiException;
import io.fenrir.core.job.Limits;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;

/**
 * The operator's run limits: the defaults a job gets and the maxima it may ask for. A requested
 * value above its maximum is refused, never lowered, so a job runs with exactly the limits its
 * client asked for or was told about (GET /languages).
 *
 * <p>Built at start-up so that a default outside [1, maximum] stops the server before it accepts a
 * job it could never run as configured.
 */
@Startup
@ApplicationScoped
public class LimitPolicy {
    private final Limits defaults;
    private final Limits maxima;

    @Inject
    public LimitPolicy(FenrirConfig config) {
        this(limits(config.limits().defaults()), limits(config.limits().max()));
    }

    public LimitPolicy(Limits defaults, Limits maxima) {
        long[] defaultValues = values(defaults);
        long[] maxValues = values(maxima);
        for (int i = 0; i < Limits.NAMES.length; i++) {
            if (defaultValues[i] < 1 || defaultValues[i] > maxValues[i]) {
                String key = configKey(Limits.NAMES[i]);
                throw new IllegalStateException("fenrir.limits.defaults." + key + " is " + defaultValues[i]
                        + "; it must be at least 1 and at most fenrir.limits.max." + key + " (" + maxValues[i] + ")");
            }
        }
        this.defaults = defaults;
        this.maxima = maxima;
    }

    public Limits defaults() {
        return defaults;
    }

    public Limits maxima() {
        return maxima;
    }

    /**
     * The limits a job runs with: each one the request sets, the default for the others.
     *
     * @param requested limit name → value as the client sent it; null, or a null value, means "not set"
     * @throws ApiException 422 {@code invalid_limit} for an unknown name or a value that is not a whole
     *                      number of at least 1, 422 {@code limit_exceeded} for a value above its maximum
     */
    public Limits resolve(Map<String, BigDecimal> requested) {
        return resolve(requested, defaults, "limits");
    }

    /**
     * As {@link #resolve(Map)}, with {@code base} for the limits not set, and messages naming the field
     * {@code field} ("tests[2].limits"): a test's limits, over its job's.
     */
    public Limits resolve(Map<String, BigDecimal> requested, Limits base, String field) {
        if (requested == null) {
            return base;
        }
        for (String name : requested.keySet()) {
            if (!Arrays.asList(Limits.NAMES).contains(name)) {
                throw ApiException.unprocessable("invalid_limit", "'" + field + "." + name
                        + "' is not a limit; the limits are " + String.join(", ", Limits.NAMES));
            }
        }
        long[] resolved = values(base);
        long[] maxValues = values(maxima);
        for (int i = 0; i < Limits.NAMES.length; i++) {
            BigDecimal value = requested.get(Limits.NAMES[i]);
            if (value != null) {
                resolved[i] = checked(field + "." + Limits.NAMES[i], value, maxValues[i]);
            }
        }
        return limits(resolved);
    }

    private static long checked(String name, BigDecimal value, long max) {
        // toString, not toPlainString: 1e999999999 must not become a billion-digit message.
        if (value.signum() <= 0 || value.stripTrailingZeros().scale() > 0) {
            throw ApiException.unprocessable("invalid_limit",
                    name + " must be a whole number of at least 1; it is " + value);
        }
        if (value.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw ApiException.unprocessable("limit_exceeded",
                    name + " is " + value + "; the maximum is " + max);
        }
        return value.longValueExact();
    }

    /** "outputBytes" → "output-bytes", the way the name is spelled in the configuration. */
    private static String configKey(String name) {
        return name.replaceAll("([A-Z])", "-$1").toLowerCase();
    }

    private static Limits limits(FenrirConfig.LimitValues config) {
        return new Limits(config.cpuMs(), config.wallMs(), config.memoryMb(), config.pids(), config.outputBytes(),
                config.fileBytes());
    }

    /** The values in the order of {@link Limits#NAMES}, which is the order of the record's components. */
    private static long[] values(Limits limits) {
        return new long[] {limits.cpuMs(), limits.wallMs(), limits.memoryMb(), limits.pids(), limits.outputBytes(),
                limits.fileBytes()};
    }

    private static Limits limits(long[] values) {
        // pids is at most its configured maximum, an int.
        return new Limits(values[0], values[1], values[2], (int) values[3], values[4], values[5]);
    }
}
