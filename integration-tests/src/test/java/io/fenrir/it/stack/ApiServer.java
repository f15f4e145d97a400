package io.fenrir.it.stack;

import io.fenrir.it.harness.Repo;
import java.util.Map;

/** The API server (api-server/target/quarkus-app), on a free port. */
public final class ApiServer extends FenrirProcess<ApiServer> {
    private final int port;

    ApiServer(int port, Map<String, String> env) {
        super("api-server", Repo.path("api-server/target/quarkus-app/quarkus-run.jar"), env);
        this.port = port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The Prometheus scrape endpoint. */
    public String metricsUrl() {
        return baseUrl() + "/q/metrics";
    }

    @Override
    protected String healthUrl() {
        return baseUrl() + "/q/health/ready";
    }
}
