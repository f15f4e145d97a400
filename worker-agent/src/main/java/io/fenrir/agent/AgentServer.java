package io.fenrir.agent;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's gRPC server on a Unix domain socket, with the few threads a sandbox's memory and pid
 * limits allow: one event loop accepting, one serving connections, two running handlers (which
 * never block: a job runs on its own thread).
 */
final class AgentServer {

    /**
     * A Run carries the job's files and stdin in one message: room for the API's largest request
     * (8 MiB body) with margin; gRPC's default of 4 MiB would refuse a large but valid job.
     */
    private static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    private static final int HANDLER_THREADS = 2;

    /**
     * gRPC sets SO_KEEPALIVE on every accepted connection, an option a Unix socket does not have, and
     * Netty warns about it once per connection. Kept in a field: java.util.logging holds loggers weakly.
     */
    private static final Logger NETTY_BOOTSTRAP_LOG = Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap");

    /**
     * Netty's flag (under gRPC's shaded name) for its buffer allocator's Flight Recorder events. Left on,
     * the first buffer the agent allocates loads those event classes, and with them the JDK's whole
     * event machinery: measured, ~80 ms of CPU in the first call a fresh worker answers (its readiness
     * probe). Nothing records them in a worker. Read once, when Netty's PlatformDependent is initialized,
     * so it is set before any Netty class is used.
     */
    static final String NETTY_JFR_FLAG = "io.grpc.netty.shaded.io.netty.jfr.enabled";

    static {
        NETTY_BOOTSTRAP_LOG.setLevel(Level.SEVERE);
        if (System.getProperty(NETTY_JFR_FLAG) == null) {
            System.setProperty(NETTY_JFR_FLAG, "false");
        }
    }

    private final Server server;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup connections;
    private final ExecutorService handlers;

    private AgentServer(Server server, EventLoopGroup acceptor, EventLoopGroup connections, ExecutorService handlers) {
        this.server = server;
        this.acceptor = acceptor;
        this.connections = connections;
        this.handlers = handlers;
    }

    static AgentServer start(Path socket, BindableService service) throws IOException {
        removeStaleSocket(socket);
        EventLoopGroup acceptor = new EpollEventLoopGroup(1, new DefaultThreadFactory("agent-accept", true));
        EventLoopGroup connections = new EpollEventLoopGroup(1, new DefaultThreadFactory("agent-io", true));
        ExecutorService handlers =
                Executors.newFixedThreadPool(HANDLER_THREADS, new DefaultThreadFactory("agent-handler", true));
        Server server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(acceptor)
                .workerEventLoopGroup(connections)
                .executor(handlers)
                .maxInboundMessageSize(MAX_REQUEST_BYTES)
                .addService(ServerInterceptors.intercept(service, new TraceContextInterceptor()))
                .build();
        AgentServer agentServer = new AgentServer(server, acceptor, connections, handlers);
        try {
            server.start();
        } catch (IOException e) {
            agentServer.releaseThreads();
            throw new IOException("failed to listen on " + socket + ": " + e.getMessage(), e);
        }
        return agentServer;
    }

    /**
     * Stops taking calls and lets the ones in flight end, so the last frames of a finished Run
     * still reach the manager; after {@code grace} whatever is left is cut off.
     */
    void stop(Duration grace) throws InterruptedException {
        server.shutdown();
        if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            server.shutdownNow();
        }
        releaseThreads();
    }

    /** Serves until the process is killed: the agent lives as long as its worker. */
    void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    private void releaseThreads() {
        acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        connections.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        handlers.shutdownNow();
    }

    /**
     * A socket file left by an earlier agent would make the bind fail. Only a socket-like file is
     * removed: a regular file or directory at that path is a mistake to report, not to delete.
     */
    private static void removeStaleSocket(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
            throw new IOException("failed to listen on " + socket + ": a file that is not a socket is in the way");
        }
        Files.delete(socket);
    }
}
