package io.fenrir.manager.languages;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.core.job.JobNames;
import io.fenrir.core.job.Limits;
import io.fenrir.core.lang.Language;
import io.fenrir.core.lang.Languages;
import io.fenrir.core.lang.LanguageRuntime;
import io.fenrir.platform.nats.JetStreamTopology;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells the API what this manager's workers run: each language's toolchain version (measured when
 * the rootfs was built, in its /etc/fenrir/languages) and the compile step's limits, put in the
 * JetStream key-value bucket {@link JobNames#LANGUAGES_BUCKET} at start-up.
 */
public final class RuntimeCatalog {
    /** Written by deploy/rootfs/build-rootfs.sh: "language&lt;TAB&gt;version line" per line. */
    static final String MANIFEST = "etc/fenrir/languages";

    private RuntimeCatalog() {
    }

    /** The versions recorded in {@code rootfs}, by language name. */
    static Map<String, String> versions(Path rootfs) throws IOException {
        Map<String, String> versions = new HashMap<>();
        for (String line : Files.readAllLines(rootfs.resolve(MANIFEST))) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                versions.put(line.substring(0, tab), line.substring(tab + 1).trim());
            }
        }
        return versions;
    }

    /** Creates the bucket, or brings the one that exists up to date (its replicas too), then fills it. */
    public static void publish(Connection nats, JetStreamTopology topology, ObjectMapper json, Path rootfs,
            Limits compileLimits) throws IOException, JetStreamApiException {
        Map<String, String> versions = versions(rootfs);
        topology.ensureBucket(KeyValueConfiguration.builder().name(JobNames.LANGUAGES_BUCKET)
                .maxHistoryPerKey(1).storageType(StorageType.File).build());
        var bucket = nats.keyValue(JobNames.LANGUAGES_BUCKET);
        for (Language language : Languages.all()) {
            LanguageRuntime runtime =
                    new LanguageRuntime(versions.get(language.name()), language.compiled() ? compileLimits : null);
            bucket.put(language.name(), json.writeValueAsBytes(runtime));
        }
    }
}
