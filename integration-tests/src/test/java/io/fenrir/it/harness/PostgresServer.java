package io.fenrir.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A real PostgreSQL 15 cluster on a free loopback port: initdb into the temp dir as the {@code postgres} OS
 * user (initdb refuses root), password auth over TCP, and a database {@code fenrir} owned by role
 * {@code fenrir}/{@code fenrir}. The server process runs as {@code postgres} through setpriv, which execs,
 * so {@link #kill} SIGKILLs the real postmaster and its backends.
 */
public final class PostgresServer extends LocalService<PostgresServer> {
    public static final String DATABASE = "fenrir";
    public static final String USER = "fenrir";
    public static final String PASSWORD = "fenrir";
    private static final String BIN = "/usr/lib/postgresql/15/bin/";
    private static final String OS_USER = "postgres";

    private final int port = FreePorts.find();
    private final String superuserPassword = UUID.randomUUID().toString();

    public PostgresServer() {
        super("postgres", "INT"); // SIGINT = fast shutdown; SIGTERM would wait for clients to disconnect
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return port;
    }

    /** A new connection as {@link #user()} to {@link #jdbcUrl()}. */
    public Connection connect() throws Exception {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    private Path dataDir() {
        return dir().resolve("data");
    }

    @Override
    protected void prepare() throws Exception {
        if (Files.exists(dataDir().resolve("PG_VERSION"))) {
            return;
        }
        Path socketDir = Files.createDirectories(dir().resolve("run"));
        Files.createDirectories(dataDir());
        Path pwfile = dir().resolve("superuser.pw");
        Files.writeString(pwfile, superuserPassword + "\n");
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-r--r--"));
        exec(List.of("chown", OS_USER + ":" + OS_USER, dataDir().toString(), socketDir.toString()));
        exec(List.of("setpriv", "--reuid=" + OS_USER, "--regid=" + OS_USER, "--init-groups", "--",
                BIN + "initdb", "--pgdata=" + dataDir(), "--username=postgres", "--pwfile=" + pwfile,
                "--auth-local=peer", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8",
                "--no-sync"));
        Files.delete(pwfile);
    }

    @Override
    protected List<String> command() {
        return List.of("setpriv", "--reuid=" + OS_USER, "--regid=" + OS_USER, "--init-groups", "--",
                BIN + "postgres", "-D", dataDir().toString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "port=" + port,
                "-c", "unix_socket_directories=" + dir().resolve("run"),
                // Durable against a process crash (kill -9), which is what tests simulate; not against power loss.
                "-c", "fsync=off", "-c", "full_page_writes=off");
    }

    @Override
    protected ManagedProcess.Probe readiness() {
        return () -> {
            try (Connection c = superuser()) {
                return c.isValid(2);
            }
        };
    }

    /** Creates the fenrir role and database on first start. */
    @Override
    protected void afterStart() throws Exception {
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            var exists = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!exists.next()) {
                s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
                s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
        }
    }

    @Override
    protected Duration startTimeout() {
        return Duration.ofSeconds(60);
    }

    private Connection superuser() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?connectTimeout=2",
                "postgres", superuserPassword);
    }

    private void exec(List<String> command) throws Exception {
        Path log = logFile();
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + p.exitValue()
                    + "\n---- last lines of " + log + ":\n" + logTail(30));
        }
    }
}
