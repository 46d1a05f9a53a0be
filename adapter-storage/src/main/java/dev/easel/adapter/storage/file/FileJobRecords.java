package dev.easel.adapter.storage.file;

import dev.easel.adapter.storage.JobJson;
import dev.easel.adapter.storage.Layout;
import dev.easel.core.error.StorageException;
import dev.easel.core.model.Job;
import dev.easel.core.port.out.JobRecords;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Each stored job's record beside its images: {@code <root>/YYYY-MM-DD/<job-id>.json}, written under a
 * hidden temporary name of its own ({@code .<job-id>.json-pid<pid>-<random>.part}), forced to disk and
 * renamed, so it appears whole or not at all, and writers of the same record never disturb each other
 * (the last rename wins). A process killed mid-write leaves its temporary file behind; the next write
 * of that record removes it, because the process named in it no longer runs. Temporary files of
 * processes that still run are never touched.
 */
public final class FileJobRecords implements JobRecords {

    private final Path root;
    private final ZoneId zone;

    public FileJobRecords(Path root, ZoneId zone) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    public static FileJobRecords at(Path root) {
        return new FileJobRecords(root, ZoneId.systemDefault());
    }

    @Override
    public void put(Job job) {
        Path folder = root.resolve(Layout.recordDay(job, zone).toString());
        Path temp = null;
        try {
            Files.createDirectories(folder);
            // A name of the record's own: another temporary file named after the job may be another
            // writer's (an image of this job, or this record put by another thread or live process),
            // and deleting it would break that write. Only leftovers of dead processes are removed.
            removeLeftovers(folder, job.id().value());
            temp = Files.createTempFile(folder, "." + job.id() + ".json-pid" + ProcessHandle.current().pid() + "-", ".part");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(JobJson.of(job).writeIndented()));
                channel.force(true);
            }
            Files.move(temp, folder.resolve(job.id() + ".json"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (IOException e) {
            throw new StorageException("could not write the record of job " + job.id() + " in " + folder + ": "
                    + e.getMessage(), e);
        } finally {
            FileImageStore.deleteQuietly(temp);
        }
    }

    /** Deletes this record's temporary files left by processes that were killed while writing it. */
    private static void removeLeftovers(Path folder, String jobId) throws IOException {
        String prefix = "." + jobId + ".json-";
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder, prefix + "pid*-*.part")) {
            for (Path leftover : leftovers) {
                if (!FileImageStore.writerRuns(leftover.getFileName().toString().substring(prefix.length()))) {
                    FileImageStore.deleteQuietly(leftover);
                }
            }
        }
    }
}
