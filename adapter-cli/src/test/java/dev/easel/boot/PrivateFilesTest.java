package dev.easel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing under EASEL_HOME is readable by other users: the folder is 0700, secrets 0600 from their creation. */
class PrivateFilesTest {

    @TempDir
    Path work;

    private EaselHarness harness;
    private ServeCommand.Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void homeIsTheOwnersAloneAndSoAreTheJournalAndTheLinkSecret() throws Exception {
        harness = new EaselHarness(work, b -> { });
        Path home = work.resolve("home");

        assertThat(harness.easel("generate", "a private fox", "-q").exit()).isZero();
        server = ServeCommand.start(new EaselServicesFactory(harness.env(), work, work), "127.0.0.1", 0, false);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("web-secret")))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(home)) {
            assertThat(files.filter(Files::isRegularFile).toList()).isNotEmpty().allSatisfy(file ->
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                            .doesNotContain("r--r").endsWith("---"));
        }
    }

    @Test
    void anExistingHomeOpenToOthersIsNarrowed() throws Exception {
        Path home = Files.createDirectories(work.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        harness = new EaselHarness(work, b -> { });

        assertThat(harness.easel("jobs").exit()).isZero();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
    }
}
