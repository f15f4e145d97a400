package io.fenrir.manager.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where this host mounts its cgroup v1 hierarchies, read from /proc/self/mountinfo: each controller
 * (memory, cpu, cpuacct, pids, ...) to the directory of the hierarchy holding it. Two controllers
 * may share one hierarchy ("cpu,cpuacct" on many distributions).
 *
 * <p>cgroup v2 alone (the unified hierarchy with every controller) is refused for now: with the
 * container's cgroup namespace, v2's delegation rules stop a job from entering a step cgroup
 * beside the agent's (see docs/security.md, "Known gaps").
 */
public record CgroupLayout(Map<String, Path> hierarchies) {

    /** The controllers a step cgroup is created in: limits (memory, pids, cpu) and accounting (cpuacct). */
    public static final List<String> STEP_CONTROLLERS = List.of("memory", "cpu", "cpuacct", "pids");

    /** Mount options of a cgroup v1 hierarchy that are not controllers. */
    private static final Set<String> NOT_CONTROLLERS =
            Set.of("rw", "ro", "xattr", "noprefix", "clone_children", "cpuset_v2_mode", "nsdelegate");

    public static CgroupLayout detect(Path mountinfo) throws IOException {
        Map<String, Path> hierarchies = new LinkedHashMap<>();
        for (String line : Files.readAllLines(mountinfo)) {
            // "36 25 0:31 / /sys/fs/cgroup/memory rw,... shared:14 - cgroup cgroup rw,memory"
            String[] halves = line.split(" - ", 2);
            if (halves.length != 2) {
                continue;
            }
            String[] after = halves[1].split(" ");
            String[] before = halves[0].split(" ");
            if (!after[0].equals("cgroup") || after.length < 3) {
                continue;
            }
            Path mountPoint = Path.of(before[4]);
            for (String option : after[2].split(",")) {
                if (option.startsWith("name=")) {
                    hierarchies.putIfAbsent(option.substring(5), mountPoint);
                } else if (!option.contains("=") && !NOT_CONTROLLERS.contains(option)) {
                    hierarchies.putIfAbsent(option, mountPoint);
                }
            }
        }
        for (String controller : STEP_CONTROLLERS) {
            if (!hierarchies.containsKey(controller)) {
                throw new IOException("failed to find the cgroup v1 " + controller + " controller in " + mountinfo
                        + ": Fenrir needs cgroup v1 hierarchies for memory, cpu, cpuacct and pids"
                        + " (cgroup v2-only hosts are not supported yet)");
            }
        }
        return new CgroupLayout(Map.copyOf(hierarchies));
    }

    /** The hierarchy directory of {@code controller}. */
    public Path hierarchy(String controller) {
        return hierarchies.get(controller);
    }

    /** Every distinct hierarchy, each once: runc creates a worker's cgroup in all of them. */
    public List<Path> allHierarchies() {
        return hierarchies.values().stream().distinct().toList();
    }
}
