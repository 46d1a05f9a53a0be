package dev.easel.adapter.storage.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.storage.JobJson;
import dev.easel.core.error.StorageException;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.RequestId;
import dev.easel.core.port.out.JobJournal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal as an append-only file of JSON lines, one line per state change, each forced to disk
 * before {@link #record} returns. The latest line of a job wins. On opening, a torn last line (a
 * crash mid-write) is reported and cut off so later appends start clean; a damaged line in the middle
 * is reported and skipped, never silently dropped from the file.
 */
public final class FileJobJournal implements JobJournal {

    private static final Logger LOG = LoggerFactory.getLogger(FileJobJournal.class);

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<JobId, Job> jobs = new LinkedHashMap<>();
    private final Map<RequestId, JobId> byRequest = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    public FileJobJournal(Path file) {
        this.file = file.toAbsolutePath().normalize();
        load();
    }

    public Path file() {
        return file;
    }

    /** What was wrong with the file when it was opened: torn or damaged lines, with their numbers. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public void record(Job job) {
        recordAll(List.of(job));
    }

    /** All the jobs' lines in one append and one flush to disk. */
    @Override
    public synchronized void recordAll(List<Job> jobs) {
        StringBuilder lines = new StringBuilder();
        for (Job job : jobs) {
            try {
                lines.append(json.writeValueAsString(JobJson.of(job))).append('\n');
            } catch (IOException e) {
                throw new StorageException("could not encode job " + job.id() + " for the journal", e);
            }
        }
        byte[] line = lines.toString().getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
             FileLock lock = channel.lock()) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new StorageException("could not write " + (jobs.size() == 1 ? "job " + jobs.get(0).id() : jobs.size() + " jobs")
                    + " to the journal " + file + ": " + e.getMessage(), e);
        }
        jobs.forEach(this::remember);
    }

    @Override
    public synchronized Optional<Job> find(JobId id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public synchronized Optional<Job> findByRequestId(RequestId id) {
        return Optional.ofNullable(byRequest.get(id)).map(jobs::get);
    }

    @Override
    public synchronized List<Job> jobs() {
        return List.copyOf(jobs.values());
    }

    private void remember(Job job) {
        jobs.put(job.id(), job);
        job.requestId().ifPresent(r -> byRequest.put(r, job.id()));
    }

    private void load() {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            int start = 0;
            int lineNumber = 0;
            while (start < bytes.length) {
                int end = indexOf(bytes, (byte) '\n', start);
                lineNumber++;
                if (end < 0) {
                    cutTornTail(start, lineNumber, bytes.length - start);
                    return;
                }
                String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
                if (!line.isBlank()) {
                    parse(line, lineNumber);
                }
                start = end + 1;
            }
        } catch (IOException e) {
            throw new StorageException("could not read the journal " + file + ": " + e.getMessage(), e);
        }
    }

    private void parse(String line, int lineNumber) {
        try {
            remember(json.readValue(line, JobJson.class).toJob());
        } catch (IOException | RuntimeException e) {
            String problem = "line " + lineNumber + " of " + file + " is damaged and was skipped: " + e.getMessage();
            problems.add(problem);
            LOG.warn(problem);
        }
    }

    private void cutTornTail(long offset, int lineNumber, int length) throws IOException {
        String problem = "line " + lineNumber + " of " + file + " was cut off by a crash (" + length
                + " bytes without an end); it was removed, and the state before it kept";
        problems.add(problem);
        LOG.warn(problem);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            channel.truncate(offset);
            channel.force(true);
        }
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
