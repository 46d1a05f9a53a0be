package dev.easel.adapter.storage.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.core.error.StorageException;
import dev.easel.core.model.JobId;
import dev.easel.core.model.StoredImage;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.testing.ImageStoreContract;
import dev.easel.core.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileImageStoreTest extends ImageStoreContract {

    @TempDir
    Path root;

    @Override
    protected ImageStore newStore() {
        return new FileImageStore(root);
    }

    /** Every file under the root, hidden temporary ones included: a refused image must leave none. */
    @Override
    protected List<String> visibleEntries() throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList();
        }
    }

    @Test
    void writesTheLayoutOfTheDesign() throws Exception {
        JobId id = JobId.of("20261121-101500-aaaaaa");
        StoredImage image = store.put(target(id.value(), 1), new ByteArrayInputStream(TestImages.png(64, 48)));
        new FileJobRecords(root, ZoneOffset.UTC).put(storedJob(id, image));

        assertThat(root.resolve("2026-11-21/20261121-101500-aaaaaa-1.png")).isRegularFile();
        JsonNode record = new ObjectMapper().readTree(root.resolve("2026-11-21/20261121-101500-aaaaaa.json").toFile());
        assertThat(record.path("model").asText()).isEqualTo("bytedance/seedream-5/lite/text-to-image");
        assertThat(record.path("inputs").path("prompt").asText()).isEqualTo("a red fox in snow");
        assertThat(record.path("request_id").asText()).isEqualTo("r-" + id);
        assertThat(record.path("history").findValuesAsText("state")).containsExactly("PENDING", "SUBMITTING", "SUBMITTED", "SUCCEEDED", "STORED");
        JsonNode output = record.path("outputs").get(0);
        assertThat(output.path("key").asText()).isEqualTo(image.key());
        assertThat(output.path("bytes").asLong()).isEqualTo(image.bytes());
        assertThat(output.path("sha256").asText()).isEqualTo(image.sha256());
        assertThat(output.path("width").asInt()).isEqualTo(64);
        assertThat(output.path("height").asInt()).isEqualTo(48);
        assertThat(visibleEntries()).noneMatch(name -> name.endsWith(".part"));
    }

    @Test
    void storingAgainRemovesWhatAKilledAttemptLeftBehind() throws Exception {
        Path folder = Files.createDirectories(root.resolve("2026-11-21"));
        Path leftover = Files.createFile(folder.resolve(".20261121-101500-aaaaaa-1-123456789.part"));
        Path otherOutput = Files.createFile(folder.resolve(".20261121-101500-aaaaaa-10-123456789.part"));

        store.put(target("20261121-101500-aaaaaa", 1), new ByteArrayInputStream(TestImages.png(8, 8)));

        assertThat(leftover).doesNotExist();
        assertThat(otherOutput).as("another output's attempt is left alone").exists();
    }

    @Test
    void onlyTheAttemptsOfProcessesThatNoLongerRunAreRemoved() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path folder = Files.createDirectories(root.resolve("2026-11-21"));
        Path killed = Files.createFile(folder.resolve(".20261121-101500-aaaaaa-1-pid" + gone.pid() + "-42.part"));
        Path running = Files.createFile(folder.resolve(".20261121-101500-aaaaaa-1-pid" + ProcessHandle.current().pid() + "-42.part"));

        store.put(target("20261121-101500-aaaaaa", 1), new ByteArrayInputStream(TestImages.png(8, 8)));

        assertThat(killed).as("left by a process that was killed").doesNotExist();
        assertThat(running).as("being written by a process that runs (one that took the job over, say)").exists();
    }

    @Test
    void aKeyCannotReachOutsideTheRoot() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.open("../../etc/passwd"))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("outside the output folder");
    }

    @Test
    void onlyImageKeysOfTheLayoutCanBeOpenedNeverARecordOrAnotherFile() throws Exception {
        JobId id = JobId.of("20261121-101500-aaaaaa");
        StoredImage image = store.put(target(id.value(), 1), new ByteArrayInputStream(TestImages.png(64, 48)));
        new FileJobRecords(root, ZoneOffset.UTC).put(storedJob(id, image));
        Files.writeString(root.resolve("notes.txt"), "private");

        try (var in = store.open(image.key())) {
            assertThat(in.readAllBytes()).hasSize((int) image.bytes());
        }
        for (String key : List.of("2026-11-21/20261121-101500-aaaaaa.json", "notes.txt", "2026-11-21/../notes.txt",
                "2026-11-21/20261121-101500-aaaaaa-1.png/../../notes.txt", "2026-11-21/x-1.png")) {
            assertThatThrownBy(() -> store.open(key)).as(key).isInstanceOf(StorageException.class)
                    .hasMessageContaining("no stored image");
        }
    }

    @Test
    void symbolicLinksAreNotFollowed() throws Exception {
        Path secret = Files.writeString(root.getParent().resolve("secret-" + System.nanoTime() + ".png"), "not yours");
        Path day = Files.createDirectories(root.resolve("2026-11-21"));
        Files.createSymbolicLink(day.resolve("20261121-101500-bbbbbb-1.png"), secret);
        Path elsewhere = Files.createDirectories(root.getParent().resolve("elsewhere-" + System.nanoTime()));
        Files.writeString(elsewhere.resolve("20261121-101500-cccccc-1.png"), "not yours either");
        Files.createSymbolicLink(root.resolve("2026-11-22"), elsewhere);

        assertThatThrownBy(() -> store.open("2026-11-21/20261121-101500-bbbbbb-1.png")).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> store.open("2026-11-22/20261121-101500-cccccc-1.png")).isInstanceOf(StorageException.class);
    }
}
