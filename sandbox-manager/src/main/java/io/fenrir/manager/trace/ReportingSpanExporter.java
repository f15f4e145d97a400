package io.fenrir.manager.trace;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.logging.Level;

/**
 * The SDK's exporter, whose failures are told by {@link ExportFailures} rather than by the SDK: the
 * SDK writes its own through java.util.logging (five lines a minute, then one, each with a stack
 * trace, in plain text amid the manager's JSON lines), so its exporter's logger is switched off.
 */
final class ReportingSpanExporter implements SpanExporter {
    /** Held: java.util.logging keeps loggers weakly, and a collected one would lose its level. */
    private static final java.util.logging.Logger SDK_EXPORTER_LOG =
            java.util.logging.Logger.getLogger("io.opentelemetry.exporter.internal.http.HttpExporter");

    static {
        SDK_EXPORTER_LOG.setLevel(Level.OFF);
    }

    private final SpanExporter exporter;
    private final ExportFailures failures;

    ReportingSpanExporter(SpanExporter exporter, ExportFailures failures) {
        this.exporter = exporter;
        this.failures = failures;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        CompletableResultCode result = exporter.export(spans);
        result.whenComplete(() -> {
            if (result.isSuccess()) {
                failures.succeeded();
            } else {
                failures.failed("spans", cause(result.getFailureThrowable()));
            }
        });
        return result;
    }

    /**
     * What went wrong, as the SDK's HTTP exporter tells it: a request that could not be made carries
     * its exception as the cause; a collector that answered an error status gives no cause.
     */
    static String cause(Throwable failure) {
        if (failure == null) {
            return "the export failed";
        }
        Throwable request = failure.getCause();
        if (request == null) {
            return "the collector answered with an error status";
        }
        return request.getMessage() != null ? request.getMessage() : request.toString();
    }

    @Override
    public CompletableResultCode flush() {
        return exporter.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return exporter.shutdown();
    }
}
