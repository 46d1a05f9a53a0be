package dev.easel.adapter.storage.sql;

import dev.easel.adapter.storage.JobJson;
import dev.easel.core.error.StorageException;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Brings a JSON-lines journal (the format Easel wrote before the database) into the database once:
 * every line in one transaction, the latest line of a job winning; a torn last line (a crash
 * mid-write) and damaged lines are skipped and counted. The import is noted in the database, then
 * the old file is renamed to {@code journal.jsonl.imported} and kept as a backup.
 */
public final class JournalImport {

    /** Rows per statement batch. */
    private static final int BATCH = 1_000;
    /** Unfinished jobs whose latest line is held in memory, waiting for a newer one, before it is written anyway. */
    static final int WAITING = 10_000;
    private static final Set<String> ENDED = Arrays.stream(JobState.values()).filter(JobState::isTerminal)
            .map(JobState::name).collect(Collectors.toUnmodifiableSet());
    /** The SQLite trigger that keeps the full-text index (migration V1). */
    private static final String TEXT_TRIGGER = "jobs_text_insert";

    private final SqlJobJournal journal;
    private final Clock clock;
    private final int waiting;

    public JournalImport(SqlJobJournal journal, Clock clock) {
        this(journal, clock, WAITING);
    }

    JournalImport(SqlJobJournal journal, Clock clock, int waiting) {
        this.journal = journal;
        this.clock = clock;
        this.waiting = waiting;
    }

    /** What an import did, as one line for people. */
    public record Report(Path from, Path backup, long jobs, long lines, long torn, long damaged, String into) {

        @Override
        public String toString() {
            return "imported " + jobs + " job" + (jobs == 1 ? "" : "s") + " (" + lines + " line" + (lines == 1 ? "" : "s") + ") from " + from
                    + " into " + into + (torn + damaged == 0 ? "" : ", skipping " + (torn > 0 ? torn + " torn last line" : "")
                    + (torn > 0 && damaged > 0 ? " and " : "") + (damaged > 0 ? damaged + " damaged line" + (damaged == 1 ? "" : "s") : ""))
                    + "; the old file is kept as " + backup;
        }
    }

    /** Imports {@code file} unless it is absent or was imported already; empty when there was nothing to do. */
    public Optional<Report> importOnce(Path file) {
        Path source = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(source)) {
            return Optional.empty();
        }
        Path backup = source.resolveSibling(source.getFileName() + ".imported");
        try (Connection connection = journal.database().connection()) {
            connection.setAutoCommit(false);
            if (alreadyImported(connection, source)) {
                connection.rollback();
                keep(source, backup);
                return Optional.empty();
            }
            Optional<String> textTrigger = pauseTextIndex(connection);
            Report report = copy(connection, source, backup);
            if (textTrigger.isPresent()) {
                resumeTextIndex(connection, textTrigger.get());
            }
            connection.commit();
            keep(source, backup);
            if (journal.database().dialect() == Dialect.SQLITE) {
                checkpoint(connection);
            }
            return Optional.of(report);
        } catch (SQLException | IOException e) {
            throw new StorageException("could not import the journal " + source + " into "
                    + journal.database().url().where() + ": " + e.getMessage(), e);
        }
    }

    private Report copy(Connection connection, Path source, Path backup) throws IOException, SQLException {
        boolean tornTail = endsTorn(source);
        long lines = 0;
        long damaged = 0;
        Rows rows = new Rows(connection);
        try (BufferedReader reader = Files.newBufferedReader(source, StandardCharsets.UTF_8)) {
            String previous = reader.readLine();
            while (previous != null) {
                String line = reader.readLine();
                boolean last = line == null;
                if (!(last && tornTail) && !previous.isBlank()) {
                    JobJson parsed;
                    try {
                        parsed = JobJson.read(previous);
                    } catch (IOException | RuntimeException e) {
                        parsed = null;
                    }
                    if (parsed == null || parsed.jobId() == null) {
                        damaged++;
                    } else {
                        lines++;
                        rows.add(parsed, previous.strip());
                    }
                }
                previous = line;
            }
        }
        rows.finish();
        lines -= rows.refused;
        damaged += rows.refused;
        try (Statement statement = connection.createStatement()) {
            // Each batch line's key goes to its newest job, as the batch runs before the database chose it.
            statement.executeUpdate("INSERT INTO line_keys (line_key, job_id) SELECT j.line_key, j.id FROM jobs j"
                    + " WHERE j.line_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM jobs k WHERE k.line_key = j.line_key"
                    + " AND (k.created_at > j.created_at OR (k.created_at = j.created_at AND k.id > j.id)))"
                    + " ON CONFLICT (line_key) DO UPDATE SET job_id = excluded.job_id");
        }
        long jobs = count(connection);
        try (PreparedStatement note = connection.prepareStatement(
                "INSERT INTO imports (source, imported_at, jobs) VALUES (?, ?, ?)")) {
            note.setString(1, source.toString());
            note.setLong(2, clock.millis());
            note.setLong(3, jobs);
            note.executeUpdate();
        }
        return new Report(source, backup, jobs, lines, tornTail ? 1 : 0, damaged, journal.database().url().where());
    }

    /**
     * Writes each job's latest line, mostly once: a job's line waits in memory while the job is
     * unfinished (its next line would replace it) and goes to the database once the job has ended, in
     * statement batches. At most {@link #WAITING} unfinished jobs wait (by default); beyond that the one waiting
     * longest is written now, and if a later line of it comes, that line replaces the row (the latest
     * line still wins, it only costs a second write). A line is read into a job (times, ids and images
     * checked) only when it is written, so the lines that a later one replaces cost a JSON parse only;
     * a line that is JSON but no valid job is counted damaged then. Each row keeps its line as written:
     * it is the record the journal wrote, just read back into that job, so nothing is re-encoded.
     */
    private final class Rows {

        private final Connection connection;
        private final Map<String, Line> unfinished = new LinkedHashMap<>();
        private final List<Line> ready = new ArrayList<>();
        /** Lines that were JSON but no valid job. */
        long refused;

        Rows(Connection connection) {
            this.connection = connection;
        }

        void add(JobJson parsed, String text) throws SQLException {
            Line line = new Line(parsed, text);
            unfinished.remove(parsed.jobId());
            if (line.ended()) {
                ready.add(line);
            } else {
                unfinished.put(parsed.jobId(), line);
                if (unfinished.size() > waiting) {
                    Iterator<Line> oldest = unfinished.values().iterator();
                    ready.add(oldest.next());
                    oldest.remove();
                }
            }
            if (ready.size() >= BATCH) {
                write(ready);
            }
        }

        /** Writes what is ready, then the unfinished jobs: a job's waiting line is newer than its ready ones. */
        void finish() throws SQLException {
            write(ready);
            write(new ArrayList<>(unfinished.values()));
            unfinished.clear();
        }

        private void write(List<Line> lines) throws SQLException {
            List<Job> jobs = new ArrayList<>(lines.size());
            Map<Job, String> texts = new IdentityHashMap<>();
            for (Line line : lines) {
                try {
                    Job job = line.parsed().toJob();
                    jobs.add(job);
                    texts.put(job, line.text());
                } catch (RuntimeException notAJob) {
                    refused++;
                }
            }
            if (!jobs.isEmpty()) {
                journal.upsert(connection, jobs, false, texts::get);
            }
            lines.clear();
        }
    }

    /** A line of the old journal, parsed, and its text. */
    private record Line(JobJson parsed, String text) {

        /** Whether the line says its job has ended (by its last step, as the job's state is read). */
        boolean ended() {
            List<JobJson.Step> history = parsed.history();
            String state = history == null || history.isEmpty() || history.get(history.size() - 1) == null
                    ? parsed.state() : history.get(history.size() - 1).state();
            return ENDED.contains(state);
        }
    }

    private static long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM jobs")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static boolean alreadyImported(Connection connection, Path source) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM imports WHERE source = ?")) {
            select.setString(1, source.toString());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    /**
     * On SQLite, a trigger adds each new job's prompt to the full-text index, which costs more than
     * writing the row itself; for the import the trigger is dropped (in the import's transaction, so a
     * failed import restores it) and the index is rebuilt in one pass at the end. Returns the
     * trigger's definition, as the migration made it, to create it again with.
     */
    private Optional<String> pauseTextIndex(Connection connection) throws SQLException {
        if (journal.database().dialect() != Dialect.SQLITE) {
            return Optional.empty();
        }
        String definition;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                     + " AND name = '" + TEXT_TRIGGER + "'")) {
            if (!rows.next()) {
                return Optional.empty();
            }
            definition = rows.getString(1);
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DROP TRIGGER " + TEXT_TRIGGER);
        }
        return Optional.of(definition);
    }

    private static void resumeTextIndex(Connection connection, String trigger) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO jobs_text (jobs_text) VALUES ('rebuild')");
            statement.executeUpdate(trigger);
        }
    }

    /** Moves the import out of SQLite's write-ahead log into the database file, and empties the log (it would keep its size). */
    private static void checkpoint(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    /** Whether the file's last line lacks its newline: a write cut short by a crash. */
    private static boolean endsTorn(Path file) throws IOException {
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "r")) {
            if (raw.length() == 0) {
                return false;
            }
            raw.seek(raw.length() - 1);
            return raw.read() != '\n';
        }
    }

    private static void keep(Path source, Path backup) throws IOException {
        Files.move(source, backup, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
