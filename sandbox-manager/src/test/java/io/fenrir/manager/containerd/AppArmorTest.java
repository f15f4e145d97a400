package io.fenrir.manager.containerd;

import static org.assertj.core.api.Assertions.assertThat;

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
}
