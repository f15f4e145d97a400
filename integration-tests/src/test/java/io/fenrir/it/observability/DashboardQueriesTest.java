package io.fenrir.it.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reader the dashboard checks rely on: if it found no names, those checks would pass on anything. */
class DashboardQueriesTest {

    @Test
    void aQuantileOverAHistogramReadsItsBuckets() {
        assertThat(DashboardQueries.metricNames("histogram_quantile(0.95, sum by (le, store) "
                + "(rate(fenrir_storage_write_seconds_bucket{outcome=\"success\"}[$__rate_interval])))"))
                .containsExactly("fenrir_storage_write_seconds_bucket");
    }

    @Test
    void labelValuesGroupingLabelsAndKeywordsAreNotMetricNames() {
        assertThat(DashboardQueries.metricNames("sum(rate(http_server_requests_seconds_count{job=\"fenrir-api\", "
                + "uri=~\"/jobs.*\"}[5m])) by (status) / on (instance) group_left sum without (le) (up) > bool 0"))
                .containsExactly("http_server_requests_seconds_count", "up");
    }

    @Test
    void everyOperandOfAnExpressionCounts() {
        assertThat(DashboardQueries.metricNames("max(fenrir_queue_messages) / max(fenrir_queue_limit_messages offset 1m)"))
                .containsExactly("fenrir_queue_limit_messages", "fenrir_queue_messages");
    }

    @Test
    void theDashboardsHaveQueries() {
        assertThat(DashboardQueries.all()).hasSizeGreaterThan(10)
                .allSatisfy(query -> assertThat(DashboardQueries.metricNames(query.expr())).as(query.toString())
                        .isNotEmpty());
    }
}
