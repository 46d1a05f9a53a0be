package dev.easel.adapter.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.port.out.JobJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void theDatabaseFileIsTheUsersAlone() throws Exception {
        journal.record(Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
    }
}
