package io.fenrir.it.harness;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox root filesystem, built (or found in its machine-wide cache) by deploy/rootfs/build-rootfs.sh.
 * The first call in a JVM runs the script (minutes on a fresh machine, well under a second when cached);
 * later calls return the same path.
 */
public final class Rootfs {
    private static Path path;

    private Rootfs() {
    }

    /** The absolute path of the read-only rootfs (the script's last line of output). */
    public static synchronized Path path() {
        if (path == null) {
            path = build();
        }
        return path;
    }

    private static Path build() {
        Path script = Repo.path("deploy/rootfs/build-rootfs.sh");
        try {
            Path log = Files.createTempFile("fenrir-rootfs-build-", ".log");
            Process p = new ProcessBuilder("bash", script.toString())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0 || out.isEmpty()) {
                p.destroyForcibly();
                List<String> err = Files.readAllLines(log);
                throw new IllegalStateException(script + " failed; last lines of " + log + ":\n"
                        + String.join("\n", err.subList(Math.max(0, err.size() - 40), err.size())));
            }
            Path rootfs = Path.of(out.get(out.size() - 1));
            if (!Files.isExecutable(rootfs.resolve("usr/bin/java"))) {
                throw new IllegalStateException(script + " printed " + rootfs + ", which has no usr/bin/java");
            }
            Files.deleteIfExists(log);
            return rootfs;
        } catch (IOException e) {
            throw new IllegalStateException("failed to run " + script + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the rootfs", e);
        }
    }
}
