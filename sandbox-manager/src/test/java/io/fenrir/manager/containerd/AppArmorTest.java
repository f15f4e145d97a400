package io.fenrir.manager.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppArmorTest {

    @Test
    void aKernelWithoutAppArmorIsReportedUnavailable(@TempDir Path dir) {
        AppArmor appArmor = AppArmor.detect(dir.resolve("enabled"));
        assertThat(appArmor.enabled()).isFalse();
        assertThat(appArmor.reason()).startsWith("unavailable: the kernel has no AppArmor");
    }

    @Test
    void aKernelWithAppArmorEnabledIsReportedEnabled(@TempDir Path dir) throws Exception {
        Path flag = Files.writeString(dir.resolve("enabled"), "Y\n");
        assertThat(AppArmor.detect(flag).enabled()).isTrue();
    }

    @Test
    void aKernelWithAppArmorDisabledIsReportedUnavailable(@TempDir Path dir) throws Exception {
        Path flag = Files.writeString(dir.resolve("enabled"), "N\n");
        AppArmor appArmor = AppArmor.detect(flag);
        assertThat(appArmor.enabled()).isFalse();
        assertThat(appArmor.reason()).contains("disabled");
    }

    @Test
    void noProfileIsAppliedWhereTheKernelHasNoAppArmor(@TempDir Path dir) {
        AppArmor appArmor = AppArmor.detect(dir.resolve("enabled"));
        // Not even looked for: there is no securityfs on such a kernel.
        assertThat(appArmor.profileToApply(dir.resolve("no-securityfs"))).isEmpty();
    }

    @Test
    void noProfileIsAppliedWhereAppArmorIsDisabled(@TempDir Path dir) throws Exception {
        AppArmor appArmor = AppArmor.detect(Files.writeString(dir.resolve("enabled"), "N\n"));
        assertThat(appArmor.profileToApply(securityFs(dir, "docker-default (enforce)\n"))).isEmpty();
    }

    @Test
    void theWorkerProfileIsAppliedWhereAppArmorIsEnabledAndTheProfileIsLoaded(@TempDir Path dir) throws Exception {
        Path securityFs = securityFs(dir, "/usr/sbin/ntpd (enforce)\nfenrir-worker (enforce)\ndocker-default (enforce)\n");
        assertThat(enabled(dir).profileToApply(securityFs)).contains("fenrir-worker");
    }

    @Test
    void startUpFailsWhereAppArmorIsEnabledButTheProfileIsNotLoaded(@TempDir Path dir) throws Exception {
        // A profile whose name merely starts with ours does not count.
        Path securityFs = securityFs(dir, "docker-default (enforce)\nfenrir-worker-old (enforce)\n");
        assertThatThrownBy(() -> enabled(dir).profileToApply(securityFs))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("profile fenrir-worker is not loaded")
                .hasMessageContaining("apparmor_parser -r deploy/apparmor/fenrir-worker");
    }

    @Test
    void startUpFailsWhereAppArmorIsEnabledButSecurityfsIsNotMounted(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> enabled(dir).profileToApply(dir.resolve("empty")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is securityfs mounted");
    }

    private static AppArmor enabled(Path dir) throws Exception {
        AppArmor appArmor = AppArmor.detect(Files.writeString(dir.resolve("enabled"), "Y\n"));
        assertThat(appArmor.enabled()).isTrue();
        return appArmor;
    }

    /** A fake /sys/kernel/security whose apparmor/profiles lists {@code profiles}. */
    private static Path securityFs(Path dir, String profiles) throws Exception {
        Path securityFs = dir.resolve("security");
        Files.createDirectories(securityFs.resolve("apparmor"));
        Files.writeString(securityFs.resolve("apparmor/profiles"), profiles);
        return securityFs;
    }
}
