package io.fenrir.manager.pool;

import io.fenrir.agent.v1.HealthRequest;
import io.fenrir.manager.containerd.ContainerdClient;
import io.fenrir.manager.cgroup.WorkerCgroups;
import io.fenrir.manager.containerd.SandboxSpec;
import io.fenrir.manager.containerd.UserNamespace;
import io.fenrir.manager.trace.Tracing;
import io.fenrir.manager.trace.WorkerCreation;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates workers (container + started agent, answering Health) and destroys them. */
public final class WorkerFactory {
    /** Label on every container this manager creates, so leftovers of a crash can be found. */
    public static final String ROLE_LABEL = "io.fenrir.role";
    public static final String ROLE_WORKER = "worker";
    /**
     * Label naming the manager instance that owns a worker (its FENRIR_CGROUP_PARENT), so that a
     * starting manager removes only its own predecessor's leftovers, never the live workers of
     * another manager sharing the containerd namespace.
     */
    public static final String MANAGER_LABEL = "io.fenrir.manager";
    private static final Logger LOG = LoggerFactory.getLogger(WorkerFactory.class);
    /**
     * How often a starting worker is checked: is its agent's socket there, does the agent answer. A check
     * is a stat or a refused call; a worker is found ready half an interval after its agent, on average.
     */
    private static final Duration POLL = Duration.ofMillis(2);

    private final ContainerdClient containerd;
    private final SandboxSpec spec;
    private final WorkerCgroups cgroups;
    private final Path workersDir;
    private final Duration readyTimeout;

    private final String instance;
    private final Tracing tracing;
    private final UserNamespace userNamespace;

    /** @param instance this manager's name among those sharing the containerd namespace */
    public WorkerFactory(ContainerdClient containerd, SandboxSpec spec, WorkerCgroups cgroups, Path workersDir,
            Duration readyTimeout, String instance, Tracing tracing, UserNamespace userNamespace) {
        this.instance = instance;
        this.userNamespace = userNamespace;
        this.tracing = tracing;
        this.containerd = containerd;
        this.spec = spec;
        this.cgroups = cgroups;
        this.workersDir = workersDir;
        this.readyTimeout = readyTimeout;
    }

    /** Starts a worker and returns once its agent answers Health; cleans up after itself on failure. */
    public Worker create() throws IOException, InterruptedException {
        String id = "fenrir-" + HexFormat.of().formatHex(randomBytes());
        Span span = tracing.startWorkerCreation(id);
        try (Scope scope = span.makeCurrent()) {
            return start(id, span.getSpanContext());
        } catch (IOException | InterruptedException | RuntimeException e) {
            Tracing.failed(span, e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }

    private Worker start(String id, SpanContext creation) throws IOException, InterruptedException {
        Path socketDir = workersDir.resolve(id);
        Files.createDirectories(workersDir);
        Files.createDirectory(socketDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        // The agent must be able to create its socket here; its host uid is in the workers' user
        // namespace's range, which no host user owns, so no one else can put a socket in its place.
        Files.setAttribute(socketDir, "unix:uid", (int) userNamespace.hostId(SandboxSpec.AGENT_UID), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(socketDir, "unix:gid", (int) userNamespace.hostId(SandboxSpec.AGENT_UID), LinkOption.NOFOLLOW_LINKS);
        ManagedChannel channel = null;
        try {
            cgroups.create(id);
            containerd.createContainer(id, spec.forWorker(id, socketDir), labels());
            containerd.startTask(id);
            channel = awaitAgent(id, socketDir.resolve(SandboxSpec.SOCKET_NAME));
            return new Worker(id, socketDir, channel, new WorkerCreation(creation, Instant.now()));
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (channel != null) {
                channel.shutdownNow();
            }
            destroy(id, socketDir);
            throw e;
        }
    }

    private ManagedChannel awaitAgent(String id, Path socket) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("failed to start worker " + id + ": agent socket did not appear within " + readyTimeout);
            }
            Thread.sleep(POLL.toMillis());
        }
        ManagedChannel channel = Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create())
                .intercept(tracing.agentCalls(id)).build();
        while (true) {
            try {
                channel.getState(true);
                io.fenrir.agent.v1.AgentGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS)
                        .health(HealthRequest.getDefaultInstance());
                return channel;
            } catch (StatusRuntimeException e) {
                if (System.nanoTime() > deadline) {
                    channel.shutdownNow();
                    throw new IOException("failed to start worker " + id + ": agent did not answer: " + e.getStatus(), e);
                }
                // A connect refused (the socket bound, not yet listening) would wait out gRPC's reconnect
                // backoff, a second, before the next try could connect.
                channel.resetConnectBackoff();
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    /** Removes the worker's container (killing everything in it), then its cgroups and socket directory. */
    public void destroy(Worker worker) {
        worker.closeChannel();
        destroy(worker.id(), worker.socketDir());
    }

    /** Also used at start-up for containers a crashed manager left behind. */
    public void destroy(String id, Path socketDir) {
        try {
            containerd.destroy(id);
        } catch (RuntimeException e) {
            LOG.warn("failed to destroy container {}: {}", id, e.getMessage());
            return;
        }
        try {
            if (!cgroups.remove(id)) {
                LOG.warn("failed to remove some cgroups of worker {}; they are retried at the next start", id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Only after the container is gone: nothing in it can race us any more. Entries are removed
        // without following links.
        try (var entries = Files.exists(socketDir, LinkOption.NOFOLLOW_LINKS) ? Files.list(socketDir) : java.util.stream.Stream.<Path>empty()) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                Files.deleteIfExists(entry);
            }
            Files.deleteIfExists(socketDir);
        } catch (IOException e) {
            LOG.warn("failed to remove socket directory {}: {}", socketDir, e.getMessage());
        }
    }

    /** The labels of this manager's workers; also how its leftovers are found. */
    public Map<String, String> labels() {
        return Map.of(ROLE_LABEL, ROLE_WORKER, MANAGER_LABEL, instance);
    }

    public Path socketDirOf(String id) {
        return workersDir.resolve(id);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
