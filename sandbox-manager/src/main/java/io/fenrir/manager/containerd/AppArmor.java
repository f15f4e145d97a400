package io.fenrir.manager.containerd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the host kernel enforces AppArmor. Where it does not (for example this project's CI
 * machines, whose kernel has no AppArmor at all), workers run on the other layers alone, and the
 * manager says so at start-up and in /health rather than pretending.
 *
 * @param enabled whether the kernel has AppArmor and it is enabled
 * @param reason  what was found, for operators
 */
public record AppArmor(boolean enabled, String reason) {
    private static final Path ENABLED = Path.of("/sys/module/apparmor/parameters/enabled");

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
}
