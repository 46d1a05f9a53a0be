package dev.easel.adapter.storage.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.easel.adapter.storage.JobJson;
import dev.easel.core.error.StorageException;
import dev.easel.core.model.Job;
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
import java.util.List;
import java.util.Optional;

/**
 * Brings a JSON-lines journal (the format Easel wrote before the database) into the database once:
 * every line in one transaction, the latest line of a job winning; a torn last line (a crash
 * mid-write) and damaged lines are skipped and counted. The import is noted in the database, then
 * the old file is renamed to {@code journal.jsonl.imported} and kept as a backup.
 */
public final class JournalImport {

    private static final int BATCH = 500;

    private final SqlJobJournal journal;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public JournalImport(SqlJobJournal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
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
            Report report = copy(connection, source, backup);
            connection.commit();
            keep(source, backup);
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
        List<Job> batch = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(source, StandardCharsets.UTF_8)) {
            String previous = reader.readLine();
            while (previous != null) {
                String line = reader.readLine();
                boolean last = line == null;
                if (!(last && tornTail) && !previous.isBlank()) {
                    try {
                        batch.add(json.readValue(previous, JobJson.class).toJob());
                        lines++;
                    } catch (IOException | RuntimeException e) {
                        damaged++;
                    }
                    if (batch.size() == BATCH) {
                        journal.upsert(connection, batch, false);
                        batch.clear();
                    }
                }
                previous = line;
            }
        }
        journal.upsert(connection, batch, false);
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
