package dev.easel.adapter.modelark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path home;

    @Test
    void theSpoolFoldersItCreatesAndItsFilesAreTheOwnersAlone() throws Exception {
        Path directory = home.resolve("spool").resolve("modelark");

        Path file = new Spool(directory, 1024).newFile();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("spool")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
