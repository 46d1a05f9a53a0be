package dev.easel.adapter.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.model.RequestId;
import dev.easel.core.port.out.JobJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteJobJournalTest extends SqlJournalLeaseContract {

    @TempDir
    Path home;

    private final List<SqlJobJournal> opened = new ArrayList<>();

    private Path file() {
        return home.resolve("easel.db");
    }

    @Override
    protected JobJournal newJournal() {
        return reopen();
    }

    @Override
    protected SqlJobJournal reopen() {
        SqlJobJournal journal = new SqlJobJournal(Database.open(DatabaseUrl.sqlite(file())));
        opened.add(journal);
        return journal;
    }

    @Override
    protected SqlJobJournal process(java.time.Clock clock, Duration lease) {
        SqlJobJournal journal = new SqlJobJournal(Database.open(DatabaseUrl.sqlite(file())), clock, lease);
        opened.add(journal);
        return journal;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(SqlJobJournal::close);
    }

    @Test
    void ofManyRacingClaimsExactlyOneWins() throws Exception {
        assertExactlyOneOfManyRacingClaimsWins();
    }

    @Test
    void racingRunsOfOneFileJournalOneJobPerLine() throws Exception {
        assertRacingRunsOfOneFileJournalOneJobPerLine();
    }

    /**
     * While another process holds SQLite's write lock, a record not waited for returns at once (a
     * record waited for would wait for the lock); once the lock is free, a read sees it.
     */
    @Test
    void aRecordNotWaitedForReturnsWhileTheDatabaseIsLockedAndIsSeenOnceItIsFree() throws Exception {
        Job sending = Job.pending(JobId.of("20261121-101500-locked"), REQUEST, AT).moveTo(JobState.SUBMITTING, AT, "");
        journal.record(sending);
        Job submitted = sending.submitted(RequestId.of("req-locked"), AT.plusSeconds(1));
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");

            CompletableFuture<Void> started = CompletableFuture.runAsync(() -> journal.recordWithoutWaiting(submitted));
            started.get(30, TimeUnit.SECONDS);

            lock.execute("ROLLBACK");
        }
        assertThat(journal.find(sending.id())).contains(submitted);
        assertThat(reopen().find(sending.id())).contains(submitted);
    }

    @Test
    void theDatabaseFileIsTheUsersAlone() throws Exception {
        journal.record(Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
    }
}
