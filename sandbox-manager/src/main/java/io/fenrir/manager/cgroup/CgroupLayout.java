package io.fenrir.manager.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where this host mounts its cgroup hierarchies, read from /proc/self/mountinfo: each controller
 * (memory, cpu, cpuacct, pids, ...) to the directory of the hierarchy holding it. On cgroup v1 two
 * controllers may share one hierarchy ("cpu,cpuacct" on many distributions); a hybrid host mounts the
 * controller-less v2 hierarchy beside them. On a cgroup v2 host (unified: Debian 12's and Ubuntu 24.04's
 * default) one hierarchy holds every controller, and {@link #unified()} is true.
 */
public record CgroupLayout(Map<String, Path> hierarchies, boolean unified) {

    /** The controllers a step cgroup is created in: limits (memory, pids, cpu) and accounting (cpuacct). */
    public static final List<String> STEP_CONTROLLERS = List.of("memory", "cpu", "cpuacct", "pids");

    /** The key of the v2 hierarchy of a hybrid host. */
    static final String UNIFIED = "unified";

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
            Path mountPoint = Path.of(before[4]);
            // Hybrid hosts mount the (controller-less) v2 hierarchy too, and runc creates every
            // container's cgroup there as well: it is one more hierarchy to clean up.
            if (after[0].equals("cgroup2")) {
                hierarchies.putIfAbsent(UNIFIED, mountPoint);
                continue;
            }
            if (!after[0].equals("cgroup") || after.length < 3) {
                continue;
            }
            for (String option : after[2].split(",")) {
                if (option.startsWith("name=")) {
                    hierarchies.putIfAbsent(option.substring(5), mountPoint);
                } else if (!option.contains("=") && !NOT_CONTROLLERS.contains(option)) {
                    hierarchies.putIfAbsent(option, mountPoint);
                }
            }
        }
        if (!hierarchies.containsKey("memory") && hierarchies.containsKey(UNIFIED)) {
            return unified(mountinfo, hierarchies.get(UNIFIED));
        }
        for (String controller : STEP_CONTROLLERS) {
            if (!hierarchies.containsKey(controller)) {
                throw new IOException("failed to find the cgroup v1 " + controller + " controller in " + mountinfo
                        + ": Fenrir needs cgroup v1 hierarchies for memory, cpu, cpuacct and pids, or cgroup v2");
            }
        }
        return new CgroupLayout(Map.copyOf(hierarchies), false);
    }

    /** The controllers a step's cgroup needs from a unified (v2) hierarchy; v2 has no cpuacct (cpu.stat has the time). */
    static final List<String> UNIFIED_CONTROLLERS = List.of("memory", "cpu", "pids");

    private static CgroupLayout unified(Path mountinfo, Path mountPoint) throws IOException {
        Path controllers = mountPoint.resolve("cgroup.controllers");
        List<String> available = Files.exists(controllers)
                ? List.of(Files.readString(controllers).trim().split("\\s+")) : List.of();
        for (String controller : UNIFIED_CONTROLLERS) {
            if (!available.contains(controller)) {
                throw new IOException("failed to find the cgroup v2 " + controller + " controller in " + controllers
                        + " (mounted as in " + mountinfo + "): Fenrir needs memory, cpu and pids");
            }
        }
        Map<String, Path> hierarchies = new LinkedHashMap<>();
        for (String controller : STEP_CONTROLLERS) {
            hierarchies.put(controller, mountPoint);
        }
        hierarchies.put(UNIFIED, mountPoint);
        return new CgroupLayout(Map.copyOf(hierarchies), true);
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
