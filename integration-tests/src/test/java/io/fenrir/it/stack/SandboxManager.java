package io.fenrir.it.stack;

import io.fenrir.it.harness.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** The sandbox manager (sandbox-manager/target/fenrir-sandbox-manager.jar); runs as root like in production. */
public final class SandboxManager extends FenrirProcess<SandboxManager> {
    private final int healthPort;

    SandboxManager(int healthPort, Map<String, String> env) {
        super("sandbox-manager", Repo.path("sandbox-manager/target/fenrir-sandbox-manager.jar"), env);
        this.healthPort = healthPort;
    }

    public String healthUrl() {
        return "http://127.0.0.1:" + healthPort + "/health";
    }

    /** The Prometheus scrape endpoint, on the health server. */
    public String metricsUrl() {
        return "http://127.0.0.1:" + healthPort + "/metrics";
    }

    /** The port of /health and /metrics. */
    public int port() {
        return healthPort;
    }

    /** Everything the manager logged so far. */
    public String log() {
        try {
            return Files.readString(dir().resolve("sandbox-manager.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
