package io.fenrir.manager.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserNamespaceTest {
    @TempDir
    Path etc;

    @Test
    void mapsContainerIdsOntoTheRangeFromItsBase() {
        UserNamespace userns = new UserNamespace(1_879_048_192);

        assertThat(userns.hostId(0)).isEqualTo(1_879_048_192L);
        assertThat(userns.hostId(1000)).isEqualTo(1_879_049_192L);
    }

    @Test
    void aRangeNoHostUserGroupOrSubordinateRangeTouchesIsFree() throws Exception {
        Files.writeString(etc.resolve("passwd"), "root:x:0:0::/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nalice:x:1000:\n");
        Files.writeString(etc.resolve("subuid"), "alice:100000:65536\n");

        new UserNamespace(200_000).requireFree(etc);
        // No /etc/subgid at all: no subordinate groups.
    }

    @Test
    void refusesARangeThatAHostUserOwns() throws Exception {
        // uid 1000 is a real login user on this machine kind: the old workers' agent uid.
        Files.writeString(etc.resolve("passwd"), "alice:x:1000:1000::/home/alice:/bin/bash\n");

        assertThatThrownBy(() -> new UserNamespace(1).requireFree(etc)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("passwd: alice (1000)").hasMessageContaining("FENRIR_UID_BASE");
    }

    @Test
    void refusesARangeHandedOutAsSubordinateIdsOrOwnedByAGroup() throws Exception {
        Files.writeString(etc.resolve("subgid"), "bob:165536:65536\n");
        Files.writeString(etc.resolve("group"), "odd:x:230000:\n");

        assertThatThrownBy(() -> new UserNamespace(200_000).requireFree(etc))
                .hasMessageContaining("subgid: bob (165536+65536)").hasMessageContaining("group: odd (230000)");
    }

    @Test
    void refusesABaseWithoutRoomForTheWholeRange() {
        assertThatThrownBy(() -> new UserNamespace(0xFFFFFFFFL - 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserNamespace(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
