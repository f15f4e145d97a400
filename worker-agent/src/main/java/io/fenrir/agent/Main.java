package io.fenrir.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** Starts the agent, serves its one Run, and exits: the container is destroyed after one job. */
public final class Main {

    /** Time for the last frames of the finished Run to reach the manager before the process exits. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        AgentConfig config;
        try {
            config = AgentConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(AgentConfig.USAGE);
            System.exit(2);
            return;
        }

        CountDownLatch runEnded = new CountDownLatch(1);
        AgentServer server;
        try {
            Files.createDirectories(config.workdir());
            AgentService service = new AgentService(new Agent(config), runEnded::countDown);
            server = AgentServer.start(config.socket(), service);
        } catch (IOException e) {
            System.err.println("failed to start agent: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("agent ready");
        if (config.trace()) {
            RunTrace.prepare();
        }

        runEnded.await();
        server.stop(SHUTDOWN_GRACE);
        System.exit(0);
    }
}
