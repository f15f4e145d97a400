package io.fenrir.api.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LeftoverSweepTest {
    /** A work stream in memory: messages by sequence, and the consumer's acknowledgement floor. */
    private static final class StreamInMemory implements LeftoverSweep.WorkQueue {
        final TreeMap<Long, String> messages = new TreeMap<>();
        long floor;

        @Override
        public long ackFloor() {
            return floor;
        }

        @Override
        public Optional<LeftoverSweep.Message> firstFrom(long sequence) {
            return Optional.ofNullable(messages.ceilingEntry(sequence))
                    .map(e -> new LeftoverSweep.Message(e.getKey(), e.getValue()));
        }

        @Override
        public boolean remove(long sequence) {
            return messages.remove(sequence) != null;
        }
    }

    private final StreamInMemory stream = new StreamInMemory();
    private final Set<String> finished = new HashSet<>();
    private final LeftoverSweep sweep = new LeftoverSweep(stream, ids -> {
        Set<String> done = new HashSet<>(ids);
        done.retainAll(finished);
        return done;
    });

    @Test
    void messagesOfFinishedJobsAtOrBelowTheFloorAreRemovedAndNothingAbove() throws Exception {
        // A restart after kill -9 kept 2 and 3 though the consumer had acknowledged up to 5; 6 and 7 wait.
        stream.messages.putAll(java.util.Map.of(2L, "job-2", 3L, "job-3", 6L, "job-6", 7L, "job-7"));
        stream.floor = 5;
        finished.addAll(List.of("job-2", "job-3", "job-6"));

        LeftoverSweep.Result result = sweep.sweep();

        assertThat(result.removed()).extracting(LeftoverSweep.Message::sequence).containsExactly(2L, 3L);
        assertThat(result.kept()).isEmpty();
        // job-6 finished but its message is past the floor: the consumer still owns it (a redelivery, say).
        assertThat(stream.messages).containsOnlyKeys(6L, 7L);
    }

    @Test
    void aMessageBelowTheFloorWhoseJobHasNotFinishedIsKeptForTheManagers() throws Exception {
        // Deliveries ran out (not acknowledged, but passed by the floor): ExhaustedDeliveries finishes it.
        stream.messages.put(4L, "job-4");
        stream.messages.put(5L, null);
        stream.floor = 9;

        LeftoverSweep.Result result = sweep.sweep();

        assertThat(result.removed()).isEmpty();
        assertThat(result.kept()).extracting(LeftoverSweep.Message::sequence).containsExactly(4L, 5L);
        assertThat(stream.messages).containsOnlyKeys(4L, 5L);
    }

    @Test
    void moreLeftoversThanABatchAreAllRemovedInOneSweep() throws Exception {
        int count = LeftoverSweep.BATCH * 2 + 7;
        LongStream.rangeClosed(1, count).forEach(seq -> {
            stream.messages.put(seq, "job-" + seq);
            finished.add("job-" + seq);
        });
        stream.floor = count;

        assertThat(sweep.sweep().removed()).hasSize(count);
        assertThat(stream.messages).isEmpty();
    }

    @Test
    void anEmptyStreamOrNoConsumerYetIsNothingToDo() throws Exception {
        assertThat(sweep.sweep().removed()).isEmpty();
        stream.messages.put(1L, "job-1");
        finished.add("job-1");
        assertThat(sweep.sweep().removed()).isEmpty();
        assertThat(stream.messages).containsOnlyKeys(1L);
    }

    @Test
    void aMessageAnotherSweepRemovedMeanwhileIsNotCountedTwice() throws Exception {
        stream.messages.put(1L, "job-1");
        stream.messages.put(2L, "job-2");
        stream.floor = 2;
        finished.addAll(List.of("job-1", "job-2"));
        LeftoverSweep racing = new LeftoverSweep(stream, ids -> {
            // Another API instance's sweep removes message 1 between our read and our removal.
            stream.messages.remove(1L);
            Set<String> done = new HashSet<>(ids);
            done.retainAll(finished);
            return done;
        });
        assertThat(racing.sweep().removed()).extracting(LeftoverSweep.Message::sequence).containsExactly(2L);
        assertThat(stream.messages).isEmpty();
    }

    @Test
    void whenTheJobsCannotBeCheckedNothingIsRemoved() {
        stream.messages.put(1L, "job-1");
        stream.floor = 1;
        LeftoverSweep blind = new LeftoverSweep(stream, ids -> {
            throw new IllegalStateException("PostgreSQL is down");
        });
        assertThatThrownBy(blind::sweep).hasMessage("PostgreSQL is down");
        assertThat(stream.messages).containsOnlyKeys(1L);
    }
}
