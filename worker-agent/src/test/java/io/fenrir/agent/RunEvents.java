package io.fenrir.agent;

import io.fenrir.agent.v1.OutputChunk;
import io.fenrir.agent.v1.RunEvent;
import io.fenrir.agent.v1.StepResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The events of one Run stream as a client received them, with views tests ask for. */
record RunEvents(List<RunEvent> all) {

    List<OutputChunk> chunks(String step, OutputChunk.Stream stream) {
        return all.stream()
                .filter(RunEvent::hasOutput)
                .map(RunEvent::getOutput)
                .filter(chunk -> chunk.getStep().equals(step) && chunk.getStream() == stream)
                .toList();
    }

    byte[] bytes(String step, OutputChunk.Stream stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks(step, stream).forEach(chunk -> out.writeBytes(chunk.getData().toByteArray()));
        return out.toByteArray();
    }

    String stdout(String step) {
        return new String(bytes(step, OutputChunk.Stream.STDOUT), StandardCharsets.UTF_8);
    }

    String stderr(String step) {
        return new String(bytes(step, OutputChunk.Stream.STDERR), StandardCharsets.UTF_8);
    }

    List<StepResult> results() {
        return all.stream().filter(RunEvent::hasStepResult).map(RunEvent::getStepResult).toList();
    }

    /** The result of {@code step}; fails unless exactly one was sent. */
    StepResult result(String step) {
        List<StepResult> matching = results().stream().filter(result -> result.getStep().equals(step)).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one result of step " + step + ", got " + results());
        }
        return matching.get(0);
    }

    /** The Run's last event: its RunEnd, when the agent ran it to its end. */
    RunEvent last() {
        return all.get(all.size() - 1);
    }

    /** The event before the RunEnd (the last step result, or the spans of a traced Run). */
    RunEvent lastBeforeEnd() {
        if (!last().hasEnd()) {
            throw new AssertionError("the run did not end with a RunEnd: " + last());
        }
        return all.get(all.size() - 2);
    }
}
