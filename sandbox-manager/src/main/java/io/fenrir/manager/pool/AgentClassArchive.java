package io.fenrir.manager.pool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's AppCDS archive: the classes its JVM loads until it is ready and while it answers a fresh
 * worker's first calls, parsed once and mapped by every worker's JVM instead of loaded from the jar again
 * (measured here: "agent ready" in ~165 ms instead of ~335 ms). A dynamic archive is valid only for the JVM
 * that made it, with the same options, and the same jar at the same path, so it is made with the rootfs's
 * own JVM, in a chroot of the rootfs with the agent jar at the path workers see it, once per agent jar,
 * rootfs and options (cached by their digest), before the first worker starts. No job code is involved:
 * the agent starts, says it is ready, answers the manager's {@link AgentRehearsal}, and is stopped, which
 * writes the archive. Should anything fail, workers start without it ({@code -Xshare:auto} ignores an
 * archive that does not fit either).
 */
public final class AgentClassArchive {
    private static final Logger LOG = LoggerFactory.getLogger(AgentClassArchive.class);
    /** Where the archive appears in every worker (an empty file in the rootfs is the mount point). */
    public static final String IN_WORKER = "/opt/fenrir/agent.jsa";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DUMP_TIMEOUT = Duration.ofSeconds(60);
    /** Names what the archive's agent went through; part of the cache key. */
    private static final String REHEARSAL = "ready, Health, Run";
    /**
     * $1 rootfs, $2 agent jar, $3 output directory, then the JVM's options: in a private mount namespace
     * (unshare), the jar and the output directory are bound where a worker has the jar and where the
     * archive is written, and the rootfs's java runs the agent in a chroot.
     */
    private static final String SCRIPT = """
            rootfs=$1 jar=$2 out=$3; shift 3
            mount --bind "$jar" "$rootfs/opt/fenrir/agent.jar" || exit 125
            mount --bind "$out" "$rootfs/tmp" || exit 125
            mount -t proc proc "$rootfs/proc" || exit 125
            exec chroot "$rootfs" /usr/bin/java "$@"
            """;

    private AgentClassArchive() {
    }

    /**
     * The archive for {@code agentJar} on {@code rootfs}, made now unless {@code cacheDir} holds it.
     *
     * @param jvmOptions the worker JVM's options the archive must agree with (GC, heap, ...)
     */
    public static Optional<Path> prepare(Path rootfs, Path agentJar, Path cacheDir, List<String> jvmOptions)
            throws InterruptedException {
        try {
            Path archive = cacheDir.resolve("agent-" + digest(rootfs, agentJar, jvmOptions) + ".jsa");
            if (Files.isRegularFile(archive)) {
                return Optional.of(archive);
            }
            Files.createDirectories(cacheDir);
            Path work = Files.createTempDirectory(cacheDir, "making-");
            try {
                make(rootfs, agentJar, work, jvmOptions);
                Files.move(work.resolve("agent.jsa"), archive, StandardCopyOption.ATOMIC_MOVE);
                LOG.info("agent class archive {} made", archive);
                return Optional.of(archive);
            } finally {
                deleteTree(work);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("failed to make the agent's class archive, workers start without it: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static void make(Path rootfs, Path agentJar, Path out, List<String> jvmOptions)
            throws IOException, InterruptedException {
        List<String> argv = new java.util.ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--",
                "/bin/sh", "-c", SCRIPT, "archive", rootfs.toString(), agentJar.toAbsolutePath().toString(),
                out.toString(), "-XX:ArchiveClassesAtExit=/tmp/agent.jsa"));
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-jar", "/opt/fenrir/agent.jar", "--socket", "/tmp/agent.sock", "--workdir", "/tmp/work"));
        Process agent = new ProcessBuilder(argv).redirectErrorStream(true).start();
        // Watchdog: a JVM that hangs before it is ready, or while it writes the archive, would hold the
        // manager's start; it is killed in time, which ends awaitReady's read.
        java.util.concurrent.CompletableFuture.delayedExecutor(READY_TIMEOUT.toSeconds() + DUMP_TIMEOUT.toSeconds(),
                TimeUnit.SECONDS).execute(agent::destroyForcibly);
        try {
            InputStream output = agent.getInputStream();
            awaitReady(output);
            drain(output);
            AgentRehearsal.perform(out.resolve("agent.sock"));
            agent.destroy(); // SIGTERM: the JVM writes the archive as it exits
            if (!agent.waitFor(DUMP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("the agent did not exit within " + DUMP_TIMEOUT + " of SIGTERM");
            }
            if (!Files.isRegularFile(out.resolve("agent.jsa"))) {
                throw new IOException("the agent exited (" + agent.exitValue() + ") without writing its archive");
            }
        } finally {
            agent.destroyForcibly();
        }
    }

    /** Reads the agent's output until it is ready; the watchdog set in {@link #make} ends a JVM that never is. */
    private static void awaitReady(InputStream output) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
        String line;
        String last = null;
        while ((line = lines.readLine()) != null) {
            if (line.equals("agent ready")) {
                return;
            }
            last = line;
        }
        throw new IOException("the agent exited before it was ready (last output: " + last + ")");
    }

    /**
     * Reads and drops what the agent prints after it is ready (the JVM's warnings as it writes the archive),
     * so that a full pipe cannot hold its exit.
     */
    private static void drain(InputStream output) {
        Thread drain = new Thread(() -> {
            try {
                output.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // The agent is gone: nothing left to drain.
            }
        }, "fenrir-archive-output");
        drain.setDaemon(true);
        drain.start();
    }

    /**
     * The rootfs's path (a cache directory named by its packages), the jar's bytes, the JVM's options and
     * what the agent is put through ({@link AgentRehearsal}): an archive made otherwise does not fit, or
     * holds fewer classes.
     */
    private static String digest(Path rootfs, Path agentJar, List<String> jvmOptions) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(rootfs.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(agentJar));
            sha.update(String.join("\n", jvmOptions).getBytes(StandardCharsets.UTF_8));
            sha.update(REHEARSAL.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
