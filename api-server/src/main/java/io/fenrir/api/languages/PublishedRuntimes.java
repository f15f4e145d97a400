package io.fenrir.api.languages;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.core.job.JobNames;
import io.fenrir.core.lang.Language;
import io.fenrir.core.lang.Languages;
import io.fenrir.core.lang.LanguageRuntime;
import io.fenrir.platform.nats.JetStreamErrors;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What the sandbox managers published about the runtime's languages (toolchain version, compile
 * limits), read from the JetStream key-value bucket {@value JobNames#LANGUAGES_BUCKET}. Read on
 * every call, so a manager started with a new rootfs shows at once.
 */
@ApplicationScoped
public class PublishedRuntimes {
    private static final Logger LOG = Logger.getLogger(PublishedRuntimes.class);

    private final Connection connection;
    private final ObjectMapper json;

    public PublishedRuntimes(Connection connection, ObjectMapper json) {
        this.connection = connection;
        this.json = json;
    }

    /**
     * Language name → runtime, for each language a manager published. Empty when there is no
     * bucket yet or NATS cannot be read: the catalog is still worth answering without them.
     */
    public Map<String, LanguageRuntime> byLanguage() {
        Map<String, LanguageRuntime> runtimes = new HashMap<>();
        try {
            KeyValue bucket = connection.keyValue(JobNames.LANGUAGES_BUCKET);
            for (Language language : Languages.all()) {
                KeyValueEntry entry = bucket.get(language.name());
                if (entry != null) {
                    parse(entry).ifPresent(runtime -> runtimes.put(language.name(), runtime));
                }
            }
        } catch (IOException | JetStreamApiException e) {
            // jnats wraps the missing stream's answer in an IOException when it opens the bucket.
            if (JetStreamErrors.is(e, JetStreamErrors.STREAM_NOT_FOUND)) {
                LOG.debugf("bucket %s does not exist yet: no sandbox manager has started", JobNames.LANGUAGES_BUCKET);
            } else {
                LOG.warnf("failed to read bucket %s, answering without versions: %s", JobNames.LANGUAGES_BUCKET,
                        e.getMessage());
            }
            return Map.of();
        }
        return runtimes;
    }

    private Optional<LanguageRuntime> parse(KeyValueEntry entry) {
        try {
            return Optional.of(json.readValue(entry.getValue(), LanguageRuntime.class));
        } catch (IOException e) {
            LOG.warnf("ignoring %s/%s, which is not a runtime description: %s", JobNames.LANGUAGES_BUCKET,
                    entry.getKey(), e.getMessage());
            return Optional.empty();
        }
    }
}
