package io.fenrir.manager.containerd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The user namespace every worker container runs in: container uid and gid 0..{@value #SIZE}-1 are host
 * ids {@code hostBase} onwards, a range no host user owns. The agent, the job's users, the worker's
 * socket directory and its delegated cgroups therefore belong to host ids that no login, service or
 * other container on the host has: a host user cannot plant a socket where the manager connects, nor
 * signal or trace a job, and capabilities the agent holds are capabilities in this namespace only.
 */
public record UserNamespace(long hostBase) {
    /** Ids mapped: every id the rootfs uses (0 for root-owned files, 65534 for nobody) fits. */
    public static final int SIZE = 65536;

    public UserNamespace {
        if (hostBase < 1 || hostBase + SIZE > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("the user namespace's host base " + hostBase
                    + " must be at least 1 and leave " + SIZE + " ids below 4294967295");
        }
    }

    /** The host id of container id {@code id}. */
    public long hostId(int id) {
        return hostBase + id;
    }

    /**
     * Refuses a range that a host user or group owns (/etc/passwd, /etc/group) or that is handed out
     * as subordinate ids to one (/etc/subuid, /etc/subgid: rootless containers of that user). Checked
     * once at the manager's start; a missing file holds no ids.
     *
     * @throws IllegalStateException naming every clash
     */
    public void requireFree(Path etc) throws IOException {
        List<String> clashes = new ArrayList<>();
        for (String file : List.of("passwd", "group")) {
            for (String line : lines(etc.resolve(file))) {
                String[] fields = line.split(":");
                if (fields.length > 2 && isNumber(fields[2]) && overlaps(Long.parseLong(fields[2]), 1)) {
                    clashes.add(file + ": " + fields[0] + " (" + fields[2] + ")");
                }
            }
        }
        for (String file : List.of("subuid", "subgid")) {
            for (String line : lines(etc.resolve(file))) {
                String[] fields = line.split(":");
                if (fields.length == 3 && isNumber(fields[1]) && isNumber(fields[2])
                        && overlaps(Long.parseLong(fields[1]), Long.parseLong(fields[2]))) {
                    clashes.add(file + ": " + fields[0] + " (" + fields[1] + "+" + fields[2] + ")");
                }
            }
        }
        if (!clashes.isEmpty()) {
            throw new IllegalStateException("failed to use host ids " + hostBase + ".." + (hostBase + SIZE - 1)
                    + " for the workers' user namespace: owned on this host by " + String.join(", ", clashes)
                    + "; choose a free range with FENRIR_UID_BASE");
        }
    }

    private boolean overlaps(long start, long count) {
        return start < hostBase + SIZE && hostBase < start + count;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static boolean isNumber(String field) {
        return !field.isEmpty() && field.length() < 19 && field.chars().allMatch(Character::isDigit);
    }
}
