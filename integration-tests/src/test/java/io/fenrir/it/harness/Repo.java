package io.fenrir.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Paths inside the Fenrir source tree. Maven passes them as system properties (see integration-tests/pom.xml);
 * the fallbacks let a test run from an IDE whose working directory is anywhere inside the tree.
 */
public final class Repo {
    private Repo() {
    }

    /** The repository root: the directory that holds deploy/ and the parent pom. */
    public static Path root() {
        String configured = System.getProperty("fenrir.repo.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/rootfs/build-rootfs.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Fenrir repository root: set -Dfenrir.repo.root");
    }

    /** A file or directory relative to the repository root. */
    public static Path path(String relative) {
        return root().resolve(relative);
    }

    /** The S3Proxy jar-with-dependencies that the build copies into integration-tests/target/s3proxy. */
    public static Path s3proxyJar() {
        String configured = System.getProperty("fenrir.s3proxy.jar");
        Path jar = configured != null ? Path.of(configured) : path("integration-tests/target/s3proxy/s3proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy jar not found at " + jar
                    + ": run ./mvnw -pl integration-tests generate-test-resources");
        }
        return jar;
    }
}
