package dev.easel.adapter.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.testing.JobJournalContract;
import dev.easel.core.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteJobJournalTest extends JobJournalContract {

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

    @Test
    void aJobWhoseProcessStoppedRenewingIsTakenOverOnceItsLeaseRunsOut() {
        MutableClock clock = new MutableClock(AT);
        Duration lease = Duration.ofMinutes(10);
        SqlJobJournal first = new SqlJobJournal(Database.open(DatabaseUrl.sqlite(file())), clock, lease);
        SqlJobJournal second = new SqlJobJournal(Database.open(DatabaseUrl.sqlite(file())), clock, lease);
        opened.add(first);
        opened.add(second);
        Job job = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT);
        first.record(job);

        assertThat(second.orphans(10)).isEmpty();
        assertThat(second.follow(job.id())).as("the first process still holds it").isFalse();
        clock.advance(lease.plusSeconds(1));
        assertThat(second.orphans(10)).containsExactly(job);
        assertThat(second.follow(job.id())).isTrue();
        assertThat(first.follow(job.id())).as("now the second process holds it").isFalse();
        assertThat(first.orphans(10)).isEmpty();

        second.record(job.moveTo(JobState.CANCELLED, AT, "stop"));
        assertThat(first.orphans(10)).isEmpty();
        assertThat(first.follow(job.id())).as("an ended job is followed by no one").isFalse();
    }

    @Test
    void closingFreesTheProcesssLeasesAtOnce() {
        SqlJobJournal first = reopen();
        Job job = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT);
        first.record(job);
        SqlJobJournal second = reopen();
        assertThat(second.orphans(10)).isEmpty();

        first.close();
        opened.remove(first);

        assertThat(second.orphans(10)).containsExactly(job);
    }
}
