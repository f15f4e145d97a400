package io.fenrir.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Temp directories of services: world-traversable, and deleted only when nothing is mounted inside. */
public final class TempDirs {
    private TempDirs() {
    }

    /** A new directory under java.io.tmpdir, mode 0755 so that service users (postgres) can traverse it. */
    public static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("failed to create a temp dir " + prefix, e);
        }
    }

    /**
     * Deletes DIR recursively, unless something is still mounted below it (a container's rootfs bind mount
     * left by containerd, say): deleting through a bind mount would delete the mounted files. Returns
     * whether it deleted.
     */
    public static boolean delete(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        List<String> mounts = mountsBelow(dir);
        if (!mounts.isEmpty()) {
            System.err.println("[harness] not deleting " + dir + ": still mounted below it: " + mounts);
            return false;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            return true;
        } catch (IOException e) {
            System.err.println("[harness] failed to delete " + dir + ": " + e);
            return false;
        }
    }

    /** Mount points strictly below DIR, from /proc/self/mountinfo (field 5 is the mount point). */
    static List<String> mountsBelow(Path dir) {
        String prefix = dir.toAbsolutePath().normalize() + "/";
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/mountinfo"))) {
            return lines.map(line -> line.split(" ")[4].replace("\\040", " "))
                    .filter(mountPoint -> mountPoint.startsWith(prefix))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read /proc/self/mountinfo", e);
        }
    }
}
