package io.fenrir.it.stack;

import io.fenrir.it.harness.LocalService;
import io.fenrir.it.harness.ManagedProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One of Fenrir's own processes (API server or sandbox manager) started from its built jar,
 * configured only through FENRIR_* environment variables, ready when its health URL answers 200.
 */
abstract class FenrirProcess<S extends FenrirProcess<S>> extends LocalService<S> {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path jar;
    private final Map<String, String> env;

    FenrirProcess(String name, Path jar, Map<String, String> env) {
        super(name, "TERM");
        this.jar = jar;
        this.env = Map.copyOf(env);
    }

    protected abstract String healthUrl();

    @Override
    protected void prepare() {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw package or make build)");
        }
    }

    @Override
    protected List<String> command() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                jar.toString());
    }

    @Override
    protected Map<String, String> environment() {
        return env;
    }

    @Override
    protected ManagedProcess.Probe readiness() {
        return () -> HTTP.send(HttpRequest.newBuilder(URI.create(healthUrl())).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    @Override
    protected Duration startTimeout() {
        return Duration.ofSeconds(120);
    }
}
