package io.fenrir.agent;

import io.fenrir.agent.v1.File;
import io.fenrir.core.job.JobRules;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * Writes a job's files into the work directory. Every name is checked against {@link JobRules} (one
 * plain path component, given once, so no file can land outside the directory or replace another)
 * before the first file is written.
 */
final class JobFiles {

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
        for (File file : files) {
            Optional<String> problem = JobRules.fileNameProblem(file.getName());
            if (problem.isPresent()) {
                throw AgentException.invalidArgument(
                        "failed to accept file " + quoted(file.getName()) + ": the name " + problem.get());
            }
        }
        Optional<String> repeated = JobRules.repeatedFileName(files.stream().map(File::getName).toList());
        if (repeated.isPresent()) {
            throw AgentException.invalidArgument("failed to accept file " + quoted(repeated.get()) + ": it is given twice");
        }
    }

    /** Names come from the request: quoted with escapes, so a control character cannot garble a log line. */
    private static String quoted(String name) {
        StringBuilder out = new StringBuilder("\"");
        name.codePoints().limit(JobRules.MAX_FILE_NAME_BYTES).forEach(c -> {
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }
}
