package dev.easel.adapter.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.adapter.storage.file.FileJobJournal;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobQuery;
import dev.easel.core.model.JobState;
import dev.easel.core.model.RequestId;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.port.out.Settings;
import dev.easel.core.testing.TestCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalImportTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:15:00Z");

    @TempDir
    Path home;

    private static Job job(String id, String prompt, Instant at, String key) {
        return Job.pending(JobId.of(id), GenerationRequest.validated(TestCatalog.seedreamDescription().inputs(),
                Map.of("prompt", prompt)), at, key);
    }

    @Test
    void anOldJournalIsImportedOnceWithItsTornTailSkippedAndKeptAsABackup() throws Exception {
        Path old = home.resolve("journal.jsonl");
        FileJobJournal jsonl = new FileJobJournal(old);
        Job fox = job("20261121-101500-aaaaaa", "a red fox in snow", AT, "line-1");
        Job foxSubmitted = fox.moveTo(JobState.SUBMITTING, AT, "").submitted(RequestId.of("req-1"), AT.plusSeconds(1));
        Job lighthouse = job("20261121-101501-bbbbbb", "a lighthouse at dusk", AT.plusSeconds(1), null);
        jsonl.record(fox);
        jsonl.record(lighthouse);
        jsonl.record(foxSubmitted);
        Files.writeString(old, "{\"job_id\":\"20261121-101502-cccccc\",\"model\":\"bytedance/see",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        try (SqlJobJournal journal = SqlJournals.open(Settings.of(Map.of("home", home.toString())))) {
            assertThat(journal.jobs()).containsExactly(foxSubmitted, lighthouse);
            assertThat(journal.findByRequestId(RequestId.of("req-1"))).contains(foxSubmitted);
            assertThat(journal.query(JobQuery.newest(5).withText("lighthouse")).jobs()).containsExactly(lighthouse);
            Job again = job("20261121-111500-dddddd", "a red fox in snow", AT.plusSeconds(3600), "line-1");
            assertThat(journal.recordUnlessKeyHeld(List.of(again))).as("the imported job still holds its batch line")
                    .containsExactly(foxSubmitted);
        }
        assertThat(old).doesNotExist();
        assertThat(home.resolve("journal.jsonl.imported")).exists();

        Files.copy(home.resolve("journal.jsonl.imported"), old);
        try (SqlJobJournal journal = SqlJournals.open(Settings.of(Map.of("home", home.toString())))) {
            assertThat(journal.jobs()).as("imported once only").hasSize(2);
        }
    }

    @Test
    void theReportSaysWhatWasImportedAndWhatWasSkipped() throws Exception {
        Path old = home.resolve("journal.jsonl");
        FileJobJournal jsonl = new FileJobJournal(old);
        jsonl.record(job("20261121-101500-aaaaaa", "a fox", AT, null));
        Files.writeString(old, "not json\n{\"job_id\":", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        try (SqlJobJournal journal = new SqlJobJournal(Database.open(DatabaseUrl.sqlite(home.resolve("easel.db"))))) {
            Optional<JournalImport.Report> report = new JournalImport(journal, java.time.Clock.systemUTC()).importOnce(old);

            assertThat(report).isPresent();
            assertThat(report.get().toString()).isEqualTo("imported 1 job (1 line) from " + old + " into "
                    + home.resolve("easel.db") + ", skipping 1 torn last line and 1 damaged line; the old file is kept as "
                    + home.resolve("journal.jsonl.imported"));
        }
    }
}
