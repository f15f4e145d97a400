package io.fenrir.manager.languages;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fenrir.core.job.JobNames;
import io.fenrir.core.job.Limits;
import io.fenrir.core.lang.Language;
import io.fenrir.core.lang.Languages;
import io.fenrir.core.lang.LanguageRuntime;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the API what this manager's workers run: each language's toolchain version (measured when
 * the rootfs was built, in its /etc/fenrir/languages) and the compile step's limits, put in the
 * JetStream key-value bucket {@link JobNames#LANGUAGES_BUCKET} at start-up.
 */
public final class RuntimeCatalog {
    /** Written by deploy/rootfs/build-rootfs.sh: "language&lt;TAB&gt;version line" per line. */
    static final String MANIFEST = "etc/fenrir/languages";
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeCatalog.class);

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

    /** @param replicas copies JetStream keeps of the bucket (FENRIR_NATS_REPLICAS), applied to one that exists too */
    public static void publish(Connection nats, ObjectMapper json, Path rootfs, Limits compileLimits, int replicas)
            throws IOException, JetStreamApiException {
        Map<String, String> versions = versions(rootfs);
        KeyValueManagement buckets = nats.keyValueManagement();
        KeyValueConfiguration definition = KeyValueConfiguration.builder().name(JobNames.LANGUAGES_BUCKET)
                .maxHistoryPerKey(1).storageType(StorageType.File).replicas(replicas).build();
        try {
            if (!buckets.getBucketNames().contains(JobNames.LANGUAGES_BUCKET)) {
                buckets.create(definition);
            } else if (buckets.getStatus(JobNames.LANGUAGES_BUCKET).getReplicas() != replicas) {
                LOG.info("changing the replicas of bucket {} to {} (FENRIR_NATS_REPLICAS)", JobNames.LANGUAGES_BUCKET,
                        replicas);
                buckets.update(definition);
            }
        } catch (JetStreamApiException e) {
            throw new IOException("failed to create or update bucket " + JobNames.LANGUAGES_BUCKET + " with "
                    + replicas + " replicas (FENRIR_NATS_REPLICAS; a single server keeps 1, a cluster at most its"
                    + " size): " + e.getMessage(), e);
        }
        var bucket = nats.keyValue(JobNames.LANGUAGES_BUCKET);
        for (Language language : Languages.all()) {
            LanguageRuntime runtime =
                    new LanguageRuntime(versions.get(language.name()), language.compiled() ? compileLimits : null);
            bucket.put(language.name(), json.writeValueAsBytes(runtime));
        }
    }
}
