package io.fenrir.agent;

import java.nio.file.Path;

/**
 * The agent's command line.
 *
 * @param socket  the Unix socket to listen on, for example /run/fenrir/agent.sock
 * @param workdir where the job's files are written and its steps run, for example /sandbox (a tmpfs)
 */
record AgentConfig(Path socket, Path workdir) {

    static final String USAGE = "usage: java -jar fenrir-worker-agent.jar --socket PATH --workdir DIR";

    /** Throws IllegalArgumentException, with a message for the operator, on a bad command line. */
    static AgentConfig parse(String[] args) {
        Path socket = null;
        Path workdir = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 == args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            Path value = Path.of(args[i + 1]).toAbsolutePath();
            switch (args[i]) {
                case "--socket" -> socket = value;
                case "--workdir" -> workdir = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (socket == null || workdir == null) {
            throw new IllegalArgumentException("both --socket and --workdir are required");
        }
        return new AgentConfig(socket, workdir);
    }
}
