package io.fenrir.manager.queue;

import io.fenrir.manager.dispatch.Delivery;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A delivery of a JetStream work-queue message: the answers are JetStream's acks. */
public final class NatsDelivery implements Delivery {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    private static final String MESSAGE_ID = "Nats-Msg-Id";

    private final Message message;

    public NatsDelivery(Message message) {
        this.message = message;
    }

    @Override
    public byte[] body() {
        return message.getData();
    }

    @Override
    public String messageId() {
        return message.getHeaders() == null ? null : message.getHeaders().getFirst(MESSAGE_ID);
    }

    @Override
    public long sequence() {
        return message.metaData().streamSequence();
    }

    @Override
    public int attempt() {
        return (int) message.metaData().deliveredCount();
    }

    @Override
    public Instant publishedAt() {
        return message.metaData().timestamp().toInstant();
    }

    @Override
    public String subject() {
        return message.getSubject();
    }

    @Override
    public Map<String, String> headers() {
        Headers headers = message.getHeaders();
        Map<String, String> first = new HashMap<>();
        if (headers != null) {
            headers.keySet().forEach(key -> first.put(key, headers.getFirst(key)));
        }
        return first;
    }

    @Override
    public void inProgress() {
        message.inProgress();
    }

    @Override
    public void ack() throws Exception {
        message.ackSync(ACK_TIMEOUT);
    }

    @Override
    public void retryAfter(Duration delay) {
        message.nakWithDelay(delay);
    }

    @Override
    public void term() {
        message.term();
    }
}
