package io.fenrir.it.contracts;

import io.fenrir.it.harness.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Applies the job store's Flyway migrations (core's db/migration: V1__…, V2__…) in version order, as the API does at start. */
final class Migrations {
    private static final Path DIR = Repo.path("core/src/main/resources/db/migration");

    private Migrations() {
    }

    static void apply(Connection connection) throws Exception {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(DIR)) {
            scripts = files.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(Migrations::version)).toList();
        }
        try (Statement statement = connection.createStatement()) {
            for (Path script : scripts) {
                statement.execute(Files.readString(script));
            }
        }
    }

    private static int version(Path script) {
        String name = script.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }
}
