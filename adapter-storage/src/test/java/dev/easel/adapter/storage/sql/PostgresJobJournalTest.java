package dev.easel.adapter.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.adapter.storage.file.FileJobJournal;
import dev.easel.core.error.StorageException;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobQuery;
import dev.easel.core.model.JobState;
import dev.easel.core.port.out.JobJournal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal contract against a real PostgreSQL 18 started by the test. */
class PostgresJobJournalTest extends SqlJournalLeaseContract {

    private final List<SqlJobJournal> opened = new ArrayList<>();
    private String url;

    @Override
    protected JobJournal newJournal() {
        url = TestPostgres.newDatabaseUrl();
        return reopen();
    }

    @Override
    protected SqlJobJournal reopen() {
        SqlJobJournal journal = new SqlJobJournal(Database.open(DatabaseUrl.parse(url)));
        opened.add(journal);
        return journal;
    }

    @Override
    protected SqlJobJournal process(java.time.Clock clock, Duration lease) {
        SqlJobJournal journal = new SqlJobJournal(Database.open(DatabaseUrl.parse(url)), clock, lease);
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
    void anOldJournalIsImportedWithEachJobsLatestLineAndFoundByItsWords(@TempDir Path folder) throws Exception {
        Path old = folder.resolve("journal.jsonl");
        FileJobJournal jsonl = new FileJobJournal(old);
        Job pending = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT);
        Job cancelled = pending.moveTo(JobState.CANCELLED, AT.plusSeconds(1), "by the user");
        jsonl.record(pending);
        jsonl.record(cancelled);
        SqlJobJournal journal = (SqlJobJournal) newJournal();

        JournalImport.Report report = new JournalImport(journal, Clock.systemUTC()).importOnce(old).orElseThrow();

        assertThat(report.jobs()).isEqualTo(1);
        assertThat(journal.jobs()).containsExactly(cancelled);
        assertThat(journal.query(JobQuery.newest(5).withText(REQUEST.prompt().orElseThrow())).jobs()).containsExactly(cancelled);
        assertThat(folder.resolve("journal.jsonl.imported")).exists();
    }

    @Test
    void aServerThatCannotBeReachedIsReportedWithoutThePassword() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String wrong = "postgresql://easel:not-the-Pa55word@127.0.0.1:" + closedPort + "/easel";

        assertThatThrownBy(() -> Database.open(DatabaseUrl.parse(wrong)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("could not open the journal database jdbc:postgresql://127.0.0.1:" + closedPort + "/easel as easel")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-Pa55word").doesNotContain("s3cret"));
    }
}
