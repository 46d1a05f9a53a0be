package dev.easel.adapter.storage.file;

import dev.easel.adapter.storage.JobJson;
import dev.easel.core.error.StorageException;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.RequestId;
import dev.easel.core.port.out.JobJournal;
import java.io.ByteArrayOutputStream;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal as an append-only file of JSON lines, one line per state change, each forced to disk
 * before {@link #record} returns; the latest line of a job wins. Every write happens under an
 * exclusive lock on the file, after reading what other processes appended since, so that
 * {@link #recordIfUnchanged} is a true compare-and-set between processes. A torn last line (a crash
 * mid-write) is reported and cut off; a damaged line in the middle is reported and skipped, never
 * silently dropped from the file.
 */
public final class FileJobJournal implements JobJournal {

    private static final Logger LOG = LoggerFactory.getLogger(FileJobJournal.class);

    /**
     * File locks belong to a whole JVM (a second lock from the same JVM fails instead of waiting),
     * so journals on the same file within one JVM first take this lock.
     */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final Map<JobId, Job> jobs = new LinkedHashMap<>();
    private final Map<RequestId, JobId> byRequest = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private long readUpTo;
    private int linesRead;

    public FileJobJournal(Path file) {
        this.file = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.file.getParent());
            if (Files.exists(this.file)) {
                withLock(channel -> null);
            }
        } catch (IOException e) {
            throw new StorageException("could not read the journal " + this.file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** What was wrong with the file when it was read: torn or damaged lines, with their numbers. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public void record(Job job) {
        recordAll(List.of(job));
    }

    /** All the jobs' lines in one append and one flush to disk. */
    @Override
    public synchronized void recordAll(List<Job> batch) {
        byte[] lines = encode(batch);
        write(channel -> {
            append(channel, lines);
            return null;
        }, batch);
        batch.forEach(this::remember);
    }

    @Override
    public synchronized boolean recordIfUnchanged(Job expected, Job next) {
        byte[] line = encode(List.of(next));
        Boolean recorded = write(channel -> {
            Job latest = jobs.get(expected.id());
            if (latest == null || !latest.history().equals(expected.history())) {
                return false;
            }
            append(channel, line);
            return true;
        }, List.of(next));
        if (recorded) {
            remember(next);
        }
        return recorded;
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

    private <T> T write(Locked<T> action, List<Job> batch) {
        try {
            return withLock(action);
        } catch (IOException e) {
            throw new StorageException("could not write " + (batch.size() == 1 ? "job " + batch.get(0).id() : batch.size() + " jobs")
                    + " to the journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code action} holding the file's exclusive lock, after reading what others appended. */
    private <T> T withLock(Locked<T> action) throws IOException {
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        inProcess.lock();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            catchUp(channel);
            return action.run(channel);
        } finally {
            inProcess.unlock();
        }
    }

    private void append(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long at = channel.size();
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
        channel.force(false);
        readUpTo = at;
        linesRead += countLines(bytes);
    }

    /**
     * Reads the lines appended since the last read (all of them the first time), a megabyte at a time,
     * holding only the current line in memory.
     */
    private void catchUp(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size <= readUpTo) {
            return;
        }
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long position = readUpTo;
        long lineStart = readUpTo;
        while (position < size) {
            chunk.clear();
            int n = channel.read(chunk, position);
            if (n <= 0) {
                break;
            }
            byte[] bytes = chunk.array();
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (bytes[i] == '\n') {
                    line.write(bytes, from, i - from);
                    linesRead++;
                    String text = line.toString(StandardCharsets.UTF_8);
                    if (!text.isBlank()) {
                        parse(text, linesRead);
                    }
                    line.reset();
                    from = i + 1;
                    lineStart = position + from;
                }
            }
            line.write(bytes, from, n - from);
            position += n;
        }
        if (line.size() > 0) {
            linesRead++;
            cutTornTail(channel, lineStart, line.size());
            return;
        }
        readUpTo = position;
    }

    private void parse(String line, int lineNumber) {
        try {
            remember(JobJson.read(line).toJob());
        } catch (IOException | RuntimeException e) {
            String problem = "line " + lineNumber + " of " + file + " is damaged and was skipped: " + e.getMessage();
            problems.add(problem);
            LOG.warn(problem);
        }
    }

    private void cutTornTail(FileChannel channel, long offset, int length) throws IOException {
        String problem = "line " + linesRead + " of " + file + " was cut off by a crash (" + length
                + " bytes without an end); it was removed, and the state before it kept";
        problems.add(problem);
        LOG.warn(problem);
        linesRead--;
        channel.truncate(offset);
        channel.force(true);
        readUpTo = offset;
    }

    private byte[] encode(List<Job> batch) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (Job job : batch) {
            try {
                lines.writeBytes(JobJson.of(job).write().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                lines.write('\n');
            } catch (IOException e) {
                throw new StorageException("could not encode job " + job.id() + " for the journal", e);
            }
        }
        return lines.toByteArray();
    }

    private void remember(Job job) {
        jobs.put(job.id(), job);
        job.requestId().ifPresent(r -> byRequest.put(r, job.id()));
    }

    private static int countLines(byte[] bytes) {
        int n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    /** Work done while holding the journal's lock. */
    @FunctionalInterface
    private interface Locked<T> {
        T run(FileChannel channel) throws IOException;
    }
}
