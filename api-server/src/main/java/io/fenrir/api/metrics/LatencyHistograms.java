package io.fenrir.api.metrics;

import io.fenrir.platform.metrics.CommonMeters;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Gives Quarkus's HTTP server timer and Fenrir's own timers histogram buckets (Fenrir's one ladder,
 * {@link CommonMeters#LATENCY_BUCKETS}), so that Prometheus can compute their percentiles
 * (histogram_quantile), across instances too. Without buckets a timer exports count, sum and max only.
 */
public class LatencyHistograms {

    @Produces
    @Singleton
    MeterFilter latencyBuckets() {
        double[] buckets = CommonMeters.latencyBucketsNanos();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                boolean ours = id.getName().startsWith("fenrir.") || id.getName().equals(MeterNames.HTTP_SERVER_REQUESTS);
                if (id.getType() != Meter.Type.TIMER || !ours) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(buckets).build().merge(config);
            }
        };
    }
}
