package dev.easel.adapter.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.storage.JobJson;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.port.out.JobRecords;
import dev.easel.core.testing.JobRecordsContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileJobRecordsTest extends JobRecordsContract {

    @TempDir
    Path root;

    @Override
    protected JobRecords newRecords() {
        return new FileJobRecords(root, ZoneOffset.UTC);
    }

    @Override
    protected Optional<Job> recordBeside(String imageKey, JobId id) throws Exception {
        Path record = root.resolve(imageKey).resolveSibling(id.value() + ".json");
        return Files.isRegularFile(record)
                ? Optional.of(new ObjectMapper().readValue(record.toFile(), JobJson.class).toJob())
                : Optional.empty();
    }

    /** Every file under the root, hidden temporary ones included. */
    @Override
    protected List<String> entries() throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList();
        }
    }

    @Test
    void anotherWritersTemporaryFilesAreLeftAlone() throws Exception {
        Path folder = Files.createDirectories(root.resolve("2026-11-21"));
        Path image = Files.createFile(folder.resolve(".20261121-101500-aaaaaa-1-123456789.part"));
        Path record = Files.createFile(folder.resolve(".20261121-101500-aaaaaa.json-pid" + ProcessHandle.current().pid()
                + "-123456789.part"));

        records.put(stored("20261121-101500-aaaaaa", "a red fox", AT, "2026-11-21", 1, null));

        assertThat(image).as("an image being written for the same job").exists();
        assertThat(record).as("the same record being written by another thread of a live process").exists();
    }

    @Test
    void theLeftoverOfAProcessKilledWhileWritingTheRecordIsRemovedByTheNextWrite() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path folder = Files.createDirectories(root.resolve("2026-11-21"));
        Path leftover = Files.createFile(folder.resolve(".20261121-101500-aaaaaa.json-pid" + gone.pid() + "-42.part"));
        Path otherJobs = Files.createFile(folder.resolve(".20261121-101500-bbbbbb.json-pid" + gone.pid() + "-42.part"));

        records.put(stored("20261121-101500-aaaaaa", "a red fox", AT, "2026-11-21", 1, null));

        assertThat(leftover).as("left by a process that no longer runs").doesNotExist();
        assertThat(otherJobs).as("another job's record is swept by its own next write, not this one's").exists();
        assertThat(folder.resolve("20261121-101500-aaaaaa.json")).exists();
    }
}
