package io.fenrir.manager.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One delivery of a job message from the work queue, and the few answers a runner gives it. Exactly
 * one of {@link #ack}, {@link #retryAfter} and {@link #term} ends a delivery; until then
 * {@link #inProgress} keeps it from being delivered to anyone else.
 */
public interface Delivery {

    /** The message as the API published it (a JSON {@link io.fenrir.core.job.JobMessage}, unless broken). */
    byte[] body();

    /** The publisher's message id (the job id), or null when the message has none. */
    String messageId();

    /** The message's position in the work stream: the same for every delivery of it. */
    long sequence();

    /** Which delivery of the message this is, from 1. */
    int attempt();

    /** When the message was published. */
    Instant publishedAt();

    /** The subject it was published on. */
    String subject();

    /** Its headers, first value of each: the trace context travels here. */
    Map<String, String> headers();

    /** The message is still being worked on: its redelivery clock starts again. */
    void inProgress();

    /** Done with: never delivered again. Returns once the queue has confirmed it. */
    void ack() throws Exception;

    /** Not done: delivered again after {@code delay}, counted as one more delivery. */
    void retryAfter(Duration delay);

    /** Never to be delivered again, though not done (it was dead-lettered). */
    void term();
}
