package io.fenrir.api.config;

import io.fenrir.platform.config.CommonSetting;
import io.quarkus.runtime.annotations.StaticInitSafe;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The defaults of the settings this server shares with the sandbox manager, from the platform's
 * {@link CommonSetting}: fenrir.nats.url, fenrir.s3.*, fenrir.db.* and so on, so that neither
 * {@link FenrirConfig} nor application.properties writes them down again. application.properties
 * hands fenrir.db.* and fenrir.otlp.* on to Quarkus's own keys.
 *
 * <p>Ordinal 100: under application.properties (250) and the environment (300), so FENRIR_NATS_URL
 * and the like decide when they are set; over the @WithDefault values, which these keys have none of.
 * Static-init safe (constants only): {@link FenrirConfig} is read while Quarkus initialises, when
 * only such sources are consulted.
 */
@StaticInitSafe
public final class CommonDefaults implements ConfigSource {
    private static final Map<String, String> DEFAULTS = Arrays.stream(CommonSetting.values())
            .collect(Collectors.toUnmodifiableMap(CommonSetting::key, CommonSetting::defaultValue));

    @Override
    public Set<String> getPropertyNames() {
        return DEFAULTS.keySet();
    }

    @Override
    public String getValue(String name) {
        return DEFAULTS.get(name);
    }

    @Override
    public String getName() {
        return "fenrir-common-defaults";
    }

    @Override
    public int getOrdinal() {
        return 100;
    }
}
