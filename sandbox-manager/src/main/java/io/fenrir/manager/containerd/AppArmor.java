package io.fenrir.manager.containerd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the host kernel enforces AppArmor, and which profile workers run under. Where the kernel
 * does not (for example this project's CI machines, whose kernel has no AppArmor at all), workers
 * run on the other layers alone, and the manager says so at start-up and in /health rather than
 * pretending.
 *
 * @param enabled whether the kernel has AppArmor and it is enabled
 * @param reason  what was found, for operators
 */
public record AppArmor(boolean enabled, String reason) {
    /** The profile in deploy/apparmor/fenrir-worker, as its {@code profile} line names it. */
    public static final String WORKER_PROFILE = "fenrir-worker";
    private static final Path ENABLED = Path.of("/sys/module/apparmor/parameters/enabled");
    private static final Path SECURITY_FS = Path.of("/sys/kernel/security");

    public static AppArmor detect() {
        return detect(ENABLED);
    }

    static AppArmor detect(Path enabledFlag) {
        if (!Files.exists(enabledFlag)) {
            return new AppArmor(false, "unavailable: the kernel has no AppArmor (" + enabledFlag + " is absent)");
        }
        try {
            String value = Files.readString(enabledFlag).trim();
            return "Y".equals(value)
                    ? new AppArmor(true, "enabled in the kernel")
                    : new AppArmor(false, "unavailable: AppArmor is disabled in the kernel (" + enabledFlag + " = " + value + ")");
        } catch (IOException e) {
            return new AppArmor(false, "unavailable: cannot read " + enabledFlag + ": " + e.getMessage());
        }
    }

    /** {@link #profileToApply(Path)} on this host's securityfs. */
    public Optional<String> profileToApply() {
        return profileToApply(SECURITY_FS);
    }

    /**
     * The AppArmor profile to put in every worker's OCI spec ({@code process.apparmorProfile}):
     * {@value #WORKER_PROFILE} where the kernel enforces AppArmor, empty where it does not.
     *
     * <p>The manager does not load the profile itself: loading kernel policy is part of setting up
     * the host (deploy/local/up.sh and the test harness do it), and a manager that found the profile
     * missing would otherwise start workers that are less confined than the operator believes.
     *
     * @param securityFs where securityfs is mounted (/sys/kernel/security)
     * @throws IllegalStateException when AppArmor is enabled but the profile is not loaded, or the
     *                               loaded profiles cannot be read: the manager must not start
     */
    public Optional<String> profileToApply(Path securityFs) {
        if (!enabled) {
            return Optional.empty();
        }
        Path profiles = securityFs.resolve("apparmor/profiles");
        String loaded;
        try {
            loaded = Files.readString(profiles);
        } catch (IOException e) {
            throw new IllegalStateException("failed to check AppArmor profile " + WORKER_PROFILE
                    + ": AppArmor is enabled but " + profiles + " cannot be read (" + e + "); is securityfs mounted"
                    + " (mount -t securityfs securityfs " + securityFs + ")?", e);
        }
        // One line per profile: "NAME (MODE)", for example "fenrir-worker (enforce)".
        boolean present = loaded.lines().anyMatch(line -> line.startsWith(WORKER_PROFILE + " ("));
        if (!present) {
            throw new IllegalStateException("AppArmor is enabled but profile " + WORKER_PROFILE + " is not loaded"
                    + " (not listed in " + profiles + "): load it as root with"
                    + " `apparmor_parser -r deploy/apparmor/" + WORKER_PROFILE + "` (deploy/local/up.sh does),"
                    + " then start the sandbox manager again");
        }
        return Optional.of(WORKER_PROFILE);
    }
}
