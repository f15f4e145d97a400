package io.fenrir.agent;

import static io.fenrir.agent.Requests.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fenrir.agent.v1.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobFilesTest {

    @TempDir
    Path workdir;

    @Test
    void writesEachFileWithItsContent() throws Exception {
        new JobFiles(workdir).write(List.of(file("main.py", "print(1)\n"), file("data.txt", "")));

        assertThat(workdir.resolve("main.py")).hasContent("print(1)\n");
        assertThat(workdir.resolve("data.txt")).isEmptyFile();
    }

    @Test
    void writesNothingWhenAnyNameIsRefused() {
        List<File> files = List.of(file("main.py", "print(1)\n"), file("sub/main.py", "x"));

        assertThatThrownBy(() -> new JobFiles(workdir).write(files))
                .isInstanceOfSatisfying(AgentException.class,
                        e -> assertThat(e.kind()).isEqualTo(AgentException.Kind.INVALID_ARGUMENT))
                .hasMessage("failed to accept file \"sub/main.py\": the name contains '/'");
        assertThat(workdir).isEmptyDirectory();
    }

    @Test
    void refusesANameLongerThanTheFileSystemAllows() {
        List<File> files = List.of(file("x".repeat(256), ""));

        assertThatThrownBy(() -> new JobFiles(workdir).write(files)).isInstanceOf(AgentException.class);
    }

    @Test
    void neverReplacesAFileAlreadyInTheWorkDirectory() throws Exception {
        Files.writeString(workdir.resolve("main.py"), "original");

        assertThatThrownBy(() -> new JobFiles(workdir).write(List.of(file("main.py", "replacement"))))
                .isInstanceOf(AgentException.class);
        assertThat(workdir.resolve("main.py")).hasContent("original");
    }
}
