package io.fenrir.manager.trace;

import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Map;

/** Reads a trace context from a job message's headers, where the API's publish put it. */
final class NatsHeaders implements TextMapGetter<Map<String, String>> {
    static final NatsHeaders GETTER = new NatsHeaders();

    private NatsHeaders() {
    }

    @Override
    public Iterable<String> keys(Map<String, String> headers) {
        return headers.keySet();
    }

    @Override
    public String get(Map<String, String> headers, String key) {
        return headers == null ? null : headers.get(key);
    }
}
