package dev.easel.adapter.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.adapter.storage.file.FileJobJournal;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobQuery;
import dev.easel.core.model.JobState;
import dev.easel.core.model.MediaType;
import dev.easel.core.model.RequestId;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.StoredImage;
import dev.easel.core.model.UsageGrouping;
import dev.easel.core.model.UsageLine;
import dev.easel.core.port.out.Settings;
import dev.easel.core.testing.TestCatalog;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
        Job lighthouse = job("20261121-101501-bbbbbb", "a lighthouse at dusk", AT.plusSeconds(1), null).requestedBy("alice");
        jsonl.record(fox);
        jsonl.record(lighthouse);
        jsonl.record(foxSubmitted);
        Files.writeString(old, "{\"job_id\":\"20261121-101502-cccccc\",\"model\":\"bytedance/see",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        try (SqlJobJournal journal = SqlJournals.open(Settings.of(Map.of("home", home.toString())))) {
            assertThat(journal.jobs()).containsExactly(foxSubmitted, lighthouse);
            assertThat(journal.findByRequestId(RequestId.of("req-1"))).contains(foxSubmitted);
            assertThat(journal.query(JobQuery.newest(5).withText("lighthouse")).jobs()).containsExactly(lighthouse);
            assertThat(journal.usage(Optional.empty(), UsageGrouping.KEY))
                    .extracting(UsageLine::group).as("the key that asked survives the import")
                    .containsExactly("alice", "local");
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

    @Test
    void theLatestLineOfEachJobWinsAlsoWhenUnfinishedJobsOutnumberThoseHeldInMemory() throws Exception {
        Path old = home.resolve("journal.jsonl");
        FileJobJournal jsonl = new FileJobJournal(old);
        Job a = job("20261121-101500-aaaaaa", "a red fox", AT, null);
        Job b = job("20261121-101501-bbbbbb", "a lighthouse", AT.plusSeconds(1), null);
        Job c = job("20261121-101502-cccccc", "a snowy owl", AT.plusSeconds(2), null);
        Job d = job("20261121-101503-dddddd", "a quiet harbour", AT.plusSeconds(3), null);
        Job aSubmitted = a.moveTo(JobState.SUBMITTING, AT, "").submitted(RequestId.of("req-a"), AT.plusSeconds(5));
        Job aStored = aSubmitted.succeeded(List.of(URI.create("https://cdn.example.test/a.png")), null, AT.plusSeconds(9))
                .stored(List.of(new StoredImage("2026-11-21/20261121-101500-aaaaaa-1.png", 10, "ab".repeat(32),
                        MediaType.PNG, 4, 4)), AT.plusSeconds(10));
        Job bSubmitted = b.moveTo(JobState.SUBMITTING, AT, "").submitted(RequestId.of("req-b"), AT.plusSeconds(6));
        Job cFailed = c.moveTo(JobState.FAILED, AT.plusSeconds(7), "refused");
        // Two unfinished jobs are held at a time here, so a's and b's first lines are written before their last ones come.
        for (Job step : List.of(a, b, c, d, aSubmitted, bSubmitted, cFailed, aStored)) {
            jsonl.record(step);
        }

        try (SqlJobJournal journal = new SqlJobJournal(Database.open(DatabaseUrl.sqlite(home.resolve("easel.db"))))) {
            JournalImport.Report report = new JournalImport(journal, Clock.systemUTC(), 2).importOnce(old).orElseThrow();

            assertThat(journal.jobs()).containsExactly(aStored, bSubmitted, cFailed, d);
            assertThat(report.jobs()).isEqualTo(4);
            assertThat(report.lines()).isEqualTo(8);
            assertThat(journal.findByRequestId(RequestId.of("req-b"))).contains(bSubmitted);
            assertThat(journal.query(JobQuery.newest(10).withStates(java.util.Set.of(JobState.STORED))).jobs())
                    .containsExactly(aStored);
        }
    }

    @Test
    void eachJobKeepsItsLastLineAsWrittenAndTheTextIndexCoversImportedAndNewJobs() throws Exception {
        Path old = home.resolve("journal.jsonl");
        FileJobJournal jsonl = new FileJobJournal(old);
        Job fox = job("20261121-101500-aaaaaa", "a red fox in snow", AT, null);
        Job owl = job("20261121-101501-bbbbbb", "a snowy owl at dusk", AT.plusSeconds(1), null);
        jsonl.record(fox);
        jsonl.record(owl);
        jsonl.record(fox.moveTo(JobState.CANCELLED, AT.plusSeconds(2), "by the user"));
        List<String> lines = Files.readAllLines(old, StandardCharsets.UTF_8);

        try (SqlJobJournal journal = SqlJournals.open(Settings.of(Map.of("home", home.toString())))) {
            assertThat(Files.size(home.resolve("easel.db-wal"))).as("the import leaves no write-ahead log behind").isZero();
            assertThat(records(journal)).containsExactly(
                    Map.entry("20261121-101500-aaaaaa", lines.get(2)), Map.entry("20261121-101501-bbbbbb", lines.get(1)));
            assertThat(journal.query(JobQuery.newest(5).withText("snow")).jobs()).extracting(Job::id)
                    .containsExactly(fox.id());
            Job later = job("20261121-121500-cccccc", "a fox at dusk", AT.plusSeconds(7200), null);
            journal.record(later);
            assertThat(journal.query(JobQuery.newest(5).withText("dusk")).jobs()).as("new jobs are indexed again after the import")
                    .extracting(Job::id).containsExactly(later.id(), owl.id());
        }
    }

    @Test
    void aLineThatIsJsonButNoJobIsCountedDamaged() throws Exception {
        Path old = home.resolve("journal.jsonl");
        FileJobJournal jsonl = new FileJobJournal(old);
        jsonl.record(job("20261121-101500-aaaaaa", "a fox", AT, null));
        String fine = Files.readString(old, StandardCharsets.UTF_8);
        Files.writeString(old, fine.replace("20261121-101500-aaaaaa", "20261121-101501-bbbbbb").replace("PENDING", "DREAMING")
                + fine.replace("20261121-101500-aaaaaa", "not-a-job-id") + "{\"model\":\"no id\"}\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        try (SqlJobJournal journal = new SqlJobJournal(Database.open(DatabaseUrl.sqlite(home.resolve("easel.db"))))) {
            JournalImport.Report report = new JournalImport(journal, Clock.systemUTC()).importOnce(old).orElseThrow();

            assertThat(journal.jobs()).extracting(Job::id).containsExactly(JobId.of("20261121-101500-aaaaaa"));
            assertThat(report.lines()).isEqualTo(1);
            assertThat(report.damaged()).isEqualTo(3);
        }
    }

    private static Map<String, String> records(SqlJobJournal journal) throws Exception {
        Map<String, String> records = new java.util.LinkedHashMap<>();
        try (java.sql.Connection connection = journal.database().connection();
             java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet rows = statement.executeQuery("SELECT id, record FROM jobs ORDER BY id")) {
            while (rows.next()) {
                records.put(rows.getString(1), rows.getString(2));
            }
        }
        return records;
    }
}
