package io.fenrir.manager.persist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link BlobStore} must do, run against the in-memory one and against S3. */
public abstract class BlobStoreContract {

    protected abstract BlobStore store();

    /** The object's bytes as stored, or empty. */
    protected abstract Optional<byte[]> read(String key) throws Exception;

    @Test
    void anObjectReadsBackByteForByte() throws Exception {
        String key = key("stdout");
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }

        store().put(key, binary);

        assertThat(read(key)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(binary));
    }

    @Test
    void writingAKeyAgainReplacesIt() throws Exception {
        String key = key("stdout");
        store().put(key, "first, and longer".getBytes(StandardCharsets.UTF_8));

        store().put(key, "second".getBytes(StandardCharsets.UTF_8));

        assertThat(read(key)).hasValueSatisfying(
                bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("second"));
    }

    @Test
    void anEmptyObjectIsStoredEmpty() throws Exception {
        String key = key("stderr");

        store().put(key, new byte[0]);

        assertThat(read(key)).hasValueSatisfying(bytes -> assertThat(bytes).isEmpty());
    }

    @Test
    void aKeyNeverWrittenIsAbsent() throws Exception {
        assertThat(read(key("stdout"))).isEmpty();
    }

    private static String key(String name) {
        return "jobs/" + UUID.randomUUID() + "/" + name;
    }
}
