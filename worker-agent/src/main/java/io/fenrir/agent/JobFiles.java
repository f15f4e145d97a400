package io.fenrir.agent;

import io.fenrir.agent.v1.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a job's files into the work directory. A name must be one plain path component, so no
 * file can land outside the directory or replace another: every name is checked before the first
 * file is written.
 */
final class JobFiles {

    /** NAME_MAX on Linux; a longer name would fail in the kernel with a less helpful error. */
    private static final int MAX_NAME_BYTES = 255;

    private final Path workdir;

    JobFiles(Path workdir) {
        this.workdir = workdir;
    }

    /** Writes {@code files}, whose names {@link #check} accepted. */
    void write(List<File> files) throws AgentException {
        // Checked again where the names meet the file system: this class alone keeps files inside.
        check(files);
        for (File file : files) {
            // CREATE_NEW (O_CREAT|O_EXCL) never follows a symbolic link and never overwrites.
            try (OutputStream out = Files.newOutputStream(workdir.resolve(file.getName()),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                file.getContent().writeTo(out);
            } catch (IOException e) {
                throw AgentException.internal("failed to write file " + quoted(file.getName()) + ": " + e, e);
            }
        }
    }

    /** Refuses {@code files} unless every name is one plain path component, given once. */
    static void check(List<File> files) throws AgentException {
        Set<String> seen = new HashSet<>();
        for (File file : files) {
            String name = file.getName();
            String problem = problemWith(name);
            if (problem == null && !seen.add(name)) {
                problem = "it is given twice";
            }
            if (problem != null) {
                throw AgentException.invalidArgument("failed to accept file " + quoted(name) + ": " + problem);
            }
        }
    }

    private static String problemWith(String name) {
        if (name.isEmpty()) {
            return "the name is empty";
        }
        if (name.equals(".")) {
            return "the name is the work directory itself";
        }
        // The contract forbids ".." anywhere in a name, stricter than the ".." component it guards against.
        if (name.contains("..")) {
            return "the name contains '..'";
        }
        if (name.indexOf('/') >= 0) {
            return "the name contains '/'";
        }
        if (name.indexOf('\0') >= 0) {
            return "the name contains a NUL character";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return "the name is longer than " + MAX_NAME_BYTES + " bytes";
        }
        return null;
    }

    /** Names come from the request: quoted with escapes, so a control character cannot garble a log line. */
    private static String quoted(String name) {
        StringBuilder out = new StringBuilder("\"");
        name.codePoints().limit(MAX_NAME_BYTES).forEach(c -> {
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }
}
