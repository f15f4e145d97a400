package io.fenrir.manager.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link Delivery} that remembers its answers, for runners under test. */
final class InMemoryDelivery implements Delivery {
    private final byte[] body;
    private final String messageId;
    private final long sequence;
    private final int attempt;
    private final Instant publishedAt = Instant.now();
    private final List<String> answers = new ArrayList<>();
    private int inProgress;
    private Runnable beforeAck = () -> { };

    InMemoryDelivery(byte[] body, String messageId, long sequence, int attempt) {
        this.body = body;
        this.messageId = messageId;
        this.sequence = sequence;
        this.attempt = attempt;
    }

    /** Runs {@code check} when the runner acknowledges, before the ack counts. */
    void beforeAck(Runnable check) {
        this.beforeAck = check;
    }

    /** The answers given, in order: "ack", "retryAfter PT2S", "term". */
    synchronized List<String> answers() {
        return List.copyOf(answers);
    }

    synchronized int inProgressCount() {
        return inProgress;
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String messageId() {
        return messageId;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public Instant publishedAt() {
        return publishedAt;
    }

    @Override
    public String subject() {
        return "fenrir.jobs.submit.test";
    }

    @Override
    public Map<String, String> headers() {
        return Map.of();
    }

    @Override
    public synchronized void inProgress() {
        inProgress++;
    }

    @Override
    public void ack() {
        beforeAck.run();
        synchronized (this) {
            answers.add("ack");
        }
    }

    @Override
    public synchronized void retryAfter(Duration delay) {
        answers.add("retryAfter " + delay);
    }

    @Override
    public synchronized void term() {
        answers.add("term");
    }
}
