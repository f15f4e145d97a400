package io.fenrir.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Starts the agent and serves Runs, one at a time, until the manager destroys the worker. */
public final class Main {

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

        AgentServer server;
        try {
            Files.createDirectories(config.workdir());
            if (config.cgroupRoot().isPresent()) {
                config = config.withCgroupRoot(CgroupDelegation.takeOver(config.cgroupRoot().get()));
            }
            AgentService service = new AgentService(new Agent(config, Bubblewrap.forRoot(Path.of("/"))));
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

        server.awaitTermination();
    }
}
