package io.fenrir.manager.trace;

import io.nats.client.impl.Headers;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/** Reads a trace context from a NATS message's headers, where the API's publish put it. */
final class NatsHeaders implements TextMapGetter<Headers> {
    static final NatsHeaders GETTER = new NatsHeaders();

    private NatsHeaders() {
    }

    @Override
    public Iterable<String> keys(Headers headers) {
        return headers == null ? List.of() : headers.keySet();
    }

    @Override
    public String get(Headers headers, String key) {
        return headers == null ? null : headers.getFirst(key);
    }
}
