package io.fenrir.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private containerd daemon (containerd + runc from Debian) with its own root, state and gRPC socket in the
 * temp dir; the CRI plugin is disabled. {@link #stop} first kills and deletes the tasks and containers left in
 * any namespace, so no container outlives its test.
 *
 * <p>Note: runc keeps per-namespace state in /run/containerd/runc/NAMESPACE, shared by all daemons on the
 * machine; use container ids that are unique machine-wide.
 */
public final class ContainerdDaemon extends LocalService<ContainerdDaemon> {

    public ContainerdDaemon() {
        super("containerd", "TERM");
    }

    /** The gRPC unix socket (absolute path, without a unix:// prefix). */
    public Path socket() {
        return dir().resolve("containerd.sock");
    }

    /** Runs {@code ctr --address SOCKET ARGS...} and returns its stdout; fails on a non-zero exit. */
    public String ctr(String... args) {
        List<String> command = new ArrayList<>(List.of("ctr", "--address", socket().toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(dir(), "ctr-", ".out");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " timed out after 60 s");
                }
                String text = Files.readString(out, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                            + p.exitValue() + ": " + text);
                }
                return text;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to run ctr", e);
        }
    }

    @Override
    protected void prepare() throws Exception {
        Files.writeString(dir().resolve("config.toml"), """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                # Fenrir talks to containerd directly; it needs no Kubernetes CRI.
                disabled_plugins = ["io.containerd.grpc.v1.cri"]

                [grpc]
                  address = "%2$s"

                [ttrpc]
                  address = "%2$s.ttrpc"
                """.formatted(dir(), socket()));
    }

    @Override
    protected List<String> command() {
        return List.of("containerd", "--config", dir().resolve("config.toml").toString());
    }

    @Override
    protected ManagedProcess.Probe readiness() {
        return () -> Files.exists(socket()) && ctr("version").contains("Server:");
    }

    @Override
    protected Duration startTimeout() {
        return Duration.ofSeconds(30);
    }

    /**
     * Kills and deletes every task and container in every namespace, stops the daemon, then kills any shim of
     * this daemon that is still there (with its container processes): a task created while the cleanup ran
     * would otherwise outlive the test. {@link #kill} leaves shims alone, as a real containerd crash does.
     */
    @Override
    public void stop() {
        if (isRunning()) {
            try {
                removeAllContainers();
            } catch (RuntimeException e) {
                System.err.println("[harness] containerd cleanup before stop failed: " + e.getMessage());
            }
        }
        super.stop();
        killShims();
    }

    /** Shims name their daemon's socket on their command line: {@code -address SOCKET}. */
    private void killShims() {
        String address = socket().toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(cmd -> cmd.contains("containerd-shim")).orElse(false)
                        && p.info().arguments().map(args -> isAddress(args, address)).orElse(false))
                .forEach(shim -> {
                    System.err.println("[harness] killing leftover shim " + shim.pid() + " of " + address);
                    shim.descendants().forEach(ProcessHandle::destroyForcibly);
                    shim.destroyForcibly();
                });
    }

    private void removeAllContainers() {
        for (String namespace : lines(ctr("namespaces", "list", "--quiet"))) {
            for (String task : lines(ctr("--namespace", namespace, "tasks", "list", "--quiet"))) {
                tryCtr("--namespace", namespace, "tasks", "kill", "--signal", "SIGKILL", "--all", task);
                tryCtr("--namespace", namespace, "tasks", "delete", "--force", task);
            }
            for (String container : lines(ctr("--namespace", namespace, "containers", "list", "--quiet"))) {
                tryCtr("--namespace", namespace, "containers", "delete", container);
            }
        }
    }

    private void tryCtr(String... args) {
        try {
            ctr(args);
        } catch (IllegalStateException e) {
            System.err.println("[harness] " + e.getMessage());
        }
    }

    private static boolean isAddress(String[] args, String address) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-address") && args[i + 1].equals(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
