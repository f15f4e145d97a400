package io.fenrir.manager.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link WorkQueue} in memory with JetStream's delivery rules (ack wait, in-progress acks, delayed
 * redelivery, at most {@code maxDeliver} deliveries), held to them by {@link WorkQueueContract}.
 */
public final class InMemoryWorkQueue implements WorkQueue {
    private static final Duration POLL = Duration.ofMillis(10);

    private final Duration ackWait;
    private final int maxDeliver;
    private final List<Entry> entries = new ArrayList<>();

    public InMemoryWorkQueue(Duration ackWait, int maxDeliver) {
        this.ackWait = ackWait;
        this.maxDeliver = maxDeliver;
    }

    public synchronized void publish(String messageId, byte[] body) {
        entries.add(new Entry(entries.size() + 1, messageId, body, Instant.now()));
    }

    @Override
    public Delivery next(Duration wait) throws InterruptedException {
        if (wait.compareTo(MIN_WAIT) < 0) {
            throw new IllegalArgumentException("failed to pull: a wait of " + wait + " is under " + MIN_WAIT);
        }
        Instant until = Instant.now().plus(wait);
        while (true) {
            Delivery delivery = take();
            if (delivery != null) {
                return delivery;
            }
            if (Instant.now().isAfter(until)) {
                return null;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private synchronized Delivery take() {
        Instant now = Instant.now();
        for (Entry entry : entries) {
            if (!entry.done && entry.deliveries < maxDeliver && !entry.dueAt.isAfter(now)) {
                entry.deliveries++;
                entry.dueAt = now.plus(ackWait);
                return new EntryDelivery(entry, entry.deliveries);
            }
        }
        return null;
    }

    private static final class Entry {
        final long sequence;
        final String messageId;
        final byte[] body;
        final Instant publishedAt;
        int deliveries;
        boolean done;
        /** When it is to be delivered (again): now for a new one, after its ack wait or delay otherwise. */
        Instant dueAt;

        Entry(long sequence, String messageId, byte[] body, Instant publishedAt) {
            this.sequence = sequence;
            this.messageId = messageId;
            this.body = body;
            this.publishedAt = publishedAt;
            this.dueAt = publishedAt;
        }
    }

    /** One delivery of an entry; an answer to an older delivery than the entry's latest is ignored. */
    private final class EntryDelivery implements Delivery {
        private final Entry entry;
        private final int attempt;

        EntryDelivery(Entry entry, int attempt) {
            this.entry = entry;
            this.attempt = attempt;
        }

        @Override
        public byte[] body() {
            return entry.body.clone();
        }

        @Override
        public String messageId() {
            return entry.messageId;
        }

        @Override
        public long sequence() {
            return entry.sequence;
        }

        @Override
        public int attempt() {
            return attempt;
        }

        @Override
        public Instant publishedAt() {
            return entry.publishedAt;
        }

        @Override
        public String subject() {
            return "fenrir.jobs.submit." + entry.messageId;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of();
        }

        @Override
        public void inProgress() {
            answer(() -> entry.dueAt = Instant.now().plus(ackWait));
        }

        @Override
        public void ack() {
            answer(() -> entry.done = true);
        }

        @Override
        public void retryAfter(Duration delay) {
            answer(() -> entry.dueAt = Instant.now().plus(delay));
        }

        @Override
        public void term() {
            answer(() -> entry.done = true);
        }

        private void answer(Runnable change) {
            synchronized (InMemoryWorkQueue.this) {
                if (!entry.done && attempt == entry.deliveries) {
                    change.run();
                }
            }
        }
    }
}
