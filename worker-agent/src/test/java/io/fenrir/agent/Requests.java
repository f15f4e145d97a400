package io.fenrir.agent;

import com.google.protobuf.ByteString;
import io.fenrir.agent.v1.File;
import io.fenrir.agent.v1.Step;
import io.fenrir.agent.v1.StepLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Short ways to build the contract's messages in tests. */
final class Requests {

    static final int WALL_MS = 10_000;
    static final long OUTPUT_BYTES = 1 << 20;

    private Requests() {
    }

    static Step step(String name, String... argv) {
        return step(name, WALL_MS, OUTPUT_BYTES, argv);
    }

    static Step step(String name, int wallMs, long outputBytes, String... argv) {
        return Step.newBuilder()
                .setName(name)
                .addAllArgv(List.of(argv))
                .setLimits(StepLimits.newBuilder().setWallMs(wallMs).setOutputBytes(outputBytes))
                .build();
    }

    static File file(String name, String content) {
        return File.newBuilder().setName(name).setContent(utf8(content)).build();
    }

    static ByteString utf8(String text) {
        return ByteString.copyFrom(text, StandardCharsets.UTF_8);
    }
}
