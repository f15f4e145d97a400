package io.fenrir.it.attacks;

import java.nio.file.Files;
import java.nio.file.Path;

/** The cgroup hierarchy of the kernel the platform's workers run on: a few attacks end otherwise on v2. */
enum CgroupVersion {
    /** cgroup v1, alone or hybrid (this machine kind: v1 controllers, an empty v2 hierarchy beside them). */
    V1,
    /** The unified hierarchy alone, mounted at /sys/fs/cgroup (Debian 12's and Ubuntu 24.04's default). */
    V2;

    /** This host's: v2 when /sys/fs/cgroup itself is the unified hierarchy. */
    static CgroupVersion ofThisHost() {
        return Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? V2 : V1;
    }
}
