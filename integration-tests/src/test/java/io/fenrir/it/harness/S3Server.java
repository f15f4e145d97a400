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
 * A real S3 server: S3Proxy (the jar the build copies into target/s3proxy) with its filesystem backend in the
 * temp dir, AWS v2/v4 authentication, on a free loopback port. The bucket {@link #bucket()} exists from the
 * start, as in deploy/local/up.sh (a directory under the backend's base dir is a bucket).
 */
public final class S3Server extends LocalService<S3Server> {
    public static final String ACCESS_KEY = "fenrir";
    public static final String SECRET_KEY = "fenrir-secret";
    public static final String BUCKET = "fenrir";

    private final int port = FreePorts.find();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public S3Server() {
        super("s3proxy", "TERM");
    }

    /** http://127.0.0.1:PORT */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String bucket() {
        return BUCKET;
    }

    public int port() {
        return port;
    }

    private Path dataDir() {
        return dir().resolve("data");
    }

    @Override
    protected void prepare() throws Exception {
        Files.createDirectories(dataDir().resolve(BUCKET));
        Files.writeString(dir().resolve("s3proxy.properties"), """
                s3proxy.endpoint=%s
                s3proxy.authorization=aws-v2-or-v4
                s3proxy.identity=%s
                s3proxy.credential=%s
                jclouds.provider=filesystem
                jclouds.filesystem.basedir=%s
                """.formatted(endpoint(), ACCESS_KEY, SECRET_KEY, dataDir()));
    }

    @Override
    protected List<String> command() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-jar", Repo.s3proxyJar().toString(), "--properties", dir().resolve("s3proxy.properties").toString());
    }

    /** Ready when it answers HTTP at all (an anonymous request gets 403). */
    @Override
    protected ManagedProcess.Probe readiness() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(2)).build();
        return () -> http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() > 0;
    }
}
