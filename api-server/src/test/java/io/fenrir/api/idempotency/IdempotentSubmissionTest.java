package io.fenrir.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fenrir.api.error.ApiException;
import io.fenrir.core.job.JobMessage;
import io.fenrir.core.job.Limits;
import io.fenrir.core.job.SourceFile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class IdempotentSubmissionTest {
    private static final Limits LIMITS = new Limits(5000, 10000, 256, 64, 1048576, 16777216);
    private static final IdempotencyKey KEY = IdempotencyKey.parse("key-1").orElseThrow();

    private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
    private final IdempotentSubmission submissions = new IdempotentSubmission(store);
    /** What was published, in order: the stand-in for JetStream. */
    private final List<JobMessage> published = Collections.synchronizedList(new ArrayList<>());
    private final Consumer<JobMessage> accept = published::add;

    @Test
    void theKeysFirstRequestCreatesTheJobAndMarksItQueued() {
        JobMessage job = job("print(1)");
        IdempotentSubmission.Outcome outcome = submissions.submit(KEY, "hash-a", job, accept);
        assertThat(outcome.replayed()).isFalse();
        assertThat(outcome.job()).isSameAs(job);
        assertThat(published).containsExactly(job);
        assertThat(store.get(KEY).state()).isEqualTo(IdempotencyRecord.State.QUEUED);
        assertThat(store.get(KEY).jobId()).isEqualTo(job.id());
    }

    @Test
    void theSameKeyAndBodyAgainAnswerTheFirstJobAndPublishNothing() {
        JobMessage first = job("print(1)");
        submissions.submit(KEY, "hash-a", first, accept);
        JobMessage second = job("print(1)");
        IdempotentSubmission.Outcome outcome = submissions.submit(KEY, "hash-a", second, accept);
        assertThat(outcome.replayed()).isTrue();
        assertThat(outcome.job().id()).isEqualTo(first.id());
        assertThat(outcome.job().submittedAt()).isEqualTo(first.submittedAt());
        assertThat(published).containsExactly(first);
    }

    @Test
    void theSameKeyWithAnotherBodyIsA422AndPublishesNothing() {
        JobMessage first = job("print(1)");
        submissions.submit(KEY, "hash-a", first, accept);
        assertThatThrownBy(() -> submissions.submit(KEY, "hash-b", job("print(2)"), accept))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("idempotency_key_reused");
                    assertThat(e.getMessage()).contains(first.id());
                });
        assertThat(published).containsExactly(first);
    }

    @Test
    void whenTheFirstPublishFailedARetryPublishesTheSameJobUnderTheSameId() {
        JobMessage first = job("print(1)");
        ApiException full = ApiException.unavailable("queue_full", "full", Duration.ofSeconds(5));
        assertThatThrownBy(() -> submissions.submit(KEY, "hash-a", first, refused -> {
            throw full;
        })).isSameAs(full);
        assertThat(store.get(KEY).state()).isEqualTo(IdempotencyRecord.State.RESERVED);

        IdempotentSubmission.Outcome retry = submissions.submit(KEY, "hash-a", job("print(1)"), accept);
        assertThat(retry.job().id()).isEqualTo(first.id());
        assertThat(retry.job().submittedAt()).isEqualTo(first.submittedAt());
        assertThat(published).extracting(JobMessage::id).containsExactly(first.id());
        assertThat(store.get(KEY).state()).isEqualTo(IdempotencyRecord.State.QUEUED);
    }

    @Test
    void aRequestThatFindsThePublishUnconfirmedPublishesTheSameMessageItself() {
        // The first request took the key and died (or is still publishing).
        JobMessage first = job("print(1)");
        store.reserve(KEY, IdempotencyRecord.reserved(first.id(), "hash-a", first.submittedAt()));
        IdempotentSubmission.Outcome outcome = submissions.submit(KEY, "hash-a", job("print(1)"), accept);
        assertThat(outcome.replayed()).isTrue();
        JobMessage republished = published.get(0);
        assertThat(republished.id()).isEqualTo(first.id());
        assertThat(republished.submittedAt()).isEqualTo(first.submittedAt());
        assertThat(republished.files()).usingRecursiveFieldByFieldElementComparator().isEqualTo(first.files());
    }

    @Test
    void aFailureToMarkTheKeyQueuedDoesNotFailTheAcceptedRequest() {
        IdempotentSubmission flaky = new IdempotentSubmission(new IdempotencyStore() {
            @Override
            public java.util.Optional<IdempotencyRecord> reserve(IdempotencyKey key, IdempotencyRecord record) {
                return java.util.Optional.empty();
            }

            @Override
            public void save(IdempotencyKey key, IdempotencyRecord record) {
                throw ApiException.unavailable("queue_unavailable", "down", Duration.ofSeconds(5));
            }
        });
        JobMessage job = job("print(1)");
        assertThat(flaky.submit(KEY, "hash-a", job, accept).job()).isSameAs(job);
        assertThat(published).containsExactly(job);
    }

    @Test
    void simultaneousRequestsWithOneKeyAllAnswerOneJobAndPublishOnlyItsId() throws Exception {
        int requests = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(requests);
        List<Future<IdempotentSubmission.Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            outcomes.add(threads.submit(() -> {
                start.await();
                return submissions.submit(KEY, "hash-a", job("print(1)"), accept);
            }));
        }
        start.countDown();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        int created = 0;
        for (Future<IdempotentSubmission.Outcome> outcome : outcomes) {
            IdempotentSubmission.Outcome answered = outcome.get(30, TimeUnit.SECONDS);
            ids.add(answered.job().id());
            created += answered.replayed() ? 0 : 1;
        }
        threads.shutdown();
        assertThat(ids).hasSize(1);
        assertThat(created).isEqualTo(1);
        // Republished copies carry the same id: JetStream's duplicate window stores one message.
        assertThat(published).extracting(JobMessage::id).containsOnly(ids.iterator().next());
    }

    private static JobMessage job(String source) {
        return new JobMessage(UUID.randomUUID().toString(), "python",
                List.of(new SourceFile("main.py", source.getBytes())), "", List.of(), List.of(), LIMITS, Instant.now());
    }
}
