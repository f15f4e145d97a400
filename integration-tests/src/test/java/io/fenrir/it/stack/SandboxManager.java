package io.fenrir.it.stack;

import io.fenrir.it.harness.Repo;
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
}
