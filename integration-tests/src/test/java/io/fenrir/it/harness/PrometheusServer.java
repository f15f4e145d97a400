package io.fenrir.it.harness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Debian package's prometheus on a free loopback port, running observability/prometheus/prometheus.yml
 * itself with only its targets moved to a test stack's ports (and a 1 s scrape interval, so a test need not
 * wait 5 s per point): the job names and metric paths scraped are the file's own.
 */
public final class PrometheusServer extends LocalService<PrometheusServer> {
    public static final Path CONFIG = Repo.path("observability/prometheus/prometheus.yml");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port = FreePorts.find();
    private final int apiPort;
    private final int managerPort;

    /** @param apiPort the API server's HTTP port; managerPort the sandbox manager's health port */
    public PrometheusServer(int apiPort, int managerPort) {
        super("prometheus", "TERM");
        this.apiPort = apiPort;
        this.managerPort = managerPort;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    protected void prepare() throws Exception {
        String config = Files.readString(CONFIG);
        for (String target : List.of("127.0.0.1:8080", "127.0.0.1:8081", "127.0.0.1:9090")) {
            if (!config.contains("\"" + target + "\"")) {
                throw new IllegalStateException(CONFIG + " no longer has the target " + target + "; update this harness");
            }
        }
        config = config.replace("\"127.0.0.1:8080\"", "\"127.0.0.1:" + apiPort + "\"")
                .replace("\"127.0.0.1:8081\"", "\"127.0.0.1:" + managerPort + "\"")
                .replace("\"127.0.0.1:9090\"", "\"127.0.0.1:" + port + "\"")
                .replaceAll("(?m)^(\\s*)(scrape|evaluation)_interval: .*$", "$1$2_interval: 1s");
        Files.writeString(dir().resolve("prometheus.yml"), config);
    }

    @Override
    protected List<String> command() {
        return List.of("prometheus", "--config.file=" + dir().resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir().resolve("data"), "--web.listen-address=127.0.0.1:" + port);
    }

    @Override
    protected ManagedProcess.Probe readiness() {
        return () -> HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/-/ready")).timeout(Duration.ofSeconds(2))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }
}
