package io.fenrir.core.lang;

import io.fenrir.core.job.Limits;

/**
 * What a sandbox manager publishes about one language of its runtime root filesystem, in the
 * JetStream key-value bucket {@link io.fenrir.core.job.JobNames#LANGUAGES_BUCKET} under the
 * language's name, for the API's GET /languages. JSON, camelCase.
 *
 * @param version       the toolchain's own version line ("Python 3.11.2"), measured when the rootfs was built
 * @param compileLimits the compile step's limits, null for an interpreted language
 */
public record LanguageRuntime(String version, Limits compileLimits) {
}
