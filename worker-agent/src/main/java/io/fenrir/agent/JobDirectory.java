package io.fenrir.agent;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One job's directory on the worker's work tmpfs: made empty for the job (the agent writes the job's
 * files into it), bound into each of the job's step sandboxes, removed with everything in it when the
 * job is over. Only the job's own steps ever see it; no later job does.
 *
 * <p>Removal happens after every process of the job is dead (each step's namespace torn down, its
 * cgroup empty), so nothing races it, and never follows a link. The agent unlinks what it can (it owns
 * the directory); what it cannot, a job's subdirectory its users own and may have made unreadable, the
 * job's users clear: each makes its own files and directories writable by the job's group
 * ({@code chmod -R}), then each removes what it may ({@code rm -rf}; in a sticky directory only a
 * file's owner can).
 * Neither is a helper a job could signal: the job has no process left.
 */
final class JobDirectory {

    private static final long CLEANUP_TIMEOUT_MS = 10_000;

    private final Path dir;
    private final Optional<AgentConfig.JobUsers> jobUsers;

    private JobDirectory(Path dir, Optional<AgentConfig.JobUsers> jobUsers) {
        this.dir = dir;
        this.jobUsers = jobUsers;
    }

    /** Makes {@code workdir}/job-{@code sequence}: the agent's, the job's group's, setgid (new files stay the group's). */
    static JobDirectory create(Path workdir, long sequence, Optional<AgentConfig.JobUsers> jobUsers)
            throws AgentException {
        Path dir = workdir.resolve("job-" + sequence);
        try {
            Files.createDirectory(dir);
            if (jobUsers.isPresent()) {
                Files.setAttribute(dir, "unix:gid", jobUsers.get().gid(), LinkOption.NOFOLLOW_LINKS);
                // chmod after chown: the kernel clears setgid on a chown. 2770 is not expressible as PosixFilePermissions.
                Files.setAttribute(dir, "unix:mode", 02770, LinkOption.NOFOLLOW_LINKS);
            } else {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
            }
        } catch (IOException e) {
            throw AgentException.internal("failed to create job directory " + dir + ": " + e, e);
        }
        return new JobDirectory(dir, jobUsers);
    }

    Path path() {
        return dir;
    }

    /**
     * Bytes the job's files hold now: what the worker's work tmpfs has in use, which holds this job's
     * directory alone (an earlier job's was removed before this one was accepted), so nothing the job
     * hides (an unreadable directory, a sparse file, a hard link) escapes the count. Those pages are
     * charged to whoever wrote them: the run step's memory limit is lowered by this, so what a compile
     * step (with its larger limit) left behind is paid for by the run.
     */
    long bytesUsed() throws AgentException {
        try {
            FileStore store = Files.getFileStore(dir);
            return store.getTotalSpace() - store.getUnallocatedSpace();
        } catch (IOException e) {
            throw AgentException.internal("failed to measure job directory " + dir + ": " + e, e);
        }
    }

    /** Removes the directory and everything in it; false when something stayed (the worker is then retired). */
    boolean remove() throws InterruptedException {
        try {
            // Most jobs leave only files in the directory, which the agent (its owner) can unlink itself.
            deleteTree(dir);
        } catch (IOException e) {
            // Something the agent may not remove (a job's subdirectory): the job's users clear it.
            removeAsJobUsers();
        }
        try {
            deleteTree(dir);
        } catch (IOException e) {
            return false;
        }
        return !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
    }

    private void removeAsJobUsers() throws InterruptedException {
        if (jobUsers.isEmpty()) {
            return;
        }
        AgentConfig.JobUsers users = jobUsers.get();
        for (int uid : users.uids()) {
            runAs(uid, users.gid(), "/bin/chmod", "-R", "ug+rwX", "--", dir.toString());
        }
        // Each user removes what it may: in a sticky directory only a file's owner can unlink it.
        for (int uid : users.uids()) {
            runAs(uid, users.gid(), "/bin/rm", "-rf", "--", dir.toString());
        }
    }

    private void runAs(int uid, int gid, String... command) throws InterruptedException {
        List<String> argv = new ArrayList<>(StepLauncher.asUser(uid, gid));
        argv.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(CLEANUP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            // What stays is found below, and the worker retired for it.
        }
    }

    /** Deletes without following links: what the agent's own user can remove. */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path entry : (Iterable<Path>) entries::iterator) {
                    deleteTree(entry);
                }
            }
        }
        Files.delete(dir);
    }
}
