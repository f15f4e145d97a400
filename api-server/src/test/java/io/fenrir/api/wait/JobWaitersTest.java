package io.fenrir.api.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class JobWaitersTest {
    private static final Duration LONG = Duration.ofMinutes(5);

    @Test
    void aNoticeWakesEveryWaiterOfItsJobAndNoOther() {
        JobWaiters waiters = new JobWaiters(10);
        CompletableFuture<Void> first = waiters.await("a", LONG).orElseThrow();
        CompletableFuture<Void> second = waiters.await("a", LONG).orElseThrow();
        CompletableFuture<Void> other = waiters.await("b", LONG).orElseThrow();

        waiters.finished("a");

        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
        assertThat(other).isNotDone();
        assertThat(waiters.waiting()).isEqualTo(1);
    }

    @Test
    void aWaiterLeavesWhenItsTimeIsUpWithoutANotice() {
        JobWaiters waiters = new JobWaiters(10);
        CompletableFuture<Void> done = waiters.await("a", Duration.ofMillis(50)).orElseThrow();

        await().atMost(Duration.ofSeconds(5)).until(done::isDone);

        assertThat(done).isCompletedWithValue(null);
        assertThat(waiters.waiting()).isZero();
        waiters.finished("a");
    }

    @Test
    void pastItsMaximumNoMoreRequestsWaitUntilOneLeaves() {
        JobWaiters waiters = new JobWaiters(2);
        waiters.await("a", LONG).orElseThrow();
        CompletableFuture<Void> b = waiters.await("b", LONG).orElseThrow();

        assertThat(waiters.await("c", LONG)).isEmpty();

        b.complete(null);
        assertThat(waiters.waiting()).isEqualTo(1);
        assertThat(waiters.await("c", LONG)).isPresent();
    }

    @Test
    void aNoticeForAJobNobodyWaitsForChangesNothing() {
        JobWaiters waiters = new JobWaiters(1);

        waiters.finished("nobody");

        assertThat(waiters.waiting()).isZero();
        assertThat(waiters.await("a", LONG)).isPresent();
    }
}
