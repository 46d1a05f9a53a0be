package dev.easel.adapter.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.model.RequestId;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.testing.JobJournalContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileJobJournalTest extends JobJournalContract {

    @TempDir
    Path home;

    private Path file() {
        return home.resolve("journal.jsonl");
    }

    @Override
    protected JobJournal newJournal() {
        return new FileJobJournal(file());
    }

    @Override
    protected JobJournal reopen() {
        return new FileJobJournal(file());
    }

    @Test
    void aTornLastLineIsReportedCutOffAndTheStateBeforeItKept() throws Exception {
        Job pending = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT);
        Job submitted = pending.moveTo(JobState.SUBMITTING, AT, "").submitted(RequestId.of("req-1"), AT);
        journal.record(pending);
        journal.record(submitted);
        String whole = Files.readString(file());
        String lastLine = whole.substring(whole.indexOf('\n') + 1);
        Files.writeString(file(), whole.substring(0, whole.length() - lastLine.length() / 2));

        FileJobJournal recovered = new FileJobJournal(file());

        assertThat(recovered.find(pending.id())).contains(pending);
        assertThat(recovered.problems()).singleElement().asString().contains("line 2", "cut off by a crash");
        assertThat(Files.readString(file())).endsWith("\n");
        recovered.record(submitted);
        assertThat(new FileJobJournal(file()).find(pending.id()).orElseThrow().state()).isEqualTo(JobState.SUBMITTED);
        assertThat(new FileJobJournal(file()).problems()).isEmpty();
    }

    @Test
    void aDamagedLineInTheMiddleIsReportedAndTheRestRead() throws Exception {
        Job first = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT);
        Job second = Job.pending(JobId.of("20261121-101501-bbbbbb"), REQUEST, AT);
        journal.record(first);
        Files.writeString(file(), "{\"job_id\": \"garbage\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        journal.record(second);

        FileJobJournal reopened = new FileJobJournal(file());

        assertThat(reopened.jobs()).extracting(Job::id).containsExactly(first.id(), second.id());
        assertThat(reopened.problems()).singleElement().asString().contains("line 2", "damaged");
        assertThat(Files.readAllLines(file())).hasSize(3);
    }

    @Test
    void ofManyRacingClaimsExactlyOneWins() throws Exception {
        assertExactlyOneOfManyRacingClaimsWins();
    }

    @Test
    void aJournalLargerThanOneReadChunkIsReadWholeAndItsTornTailCut() throws Exception {
        List<Job> many = new java.util.ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            many.add(Job.pending(JobId.of(String.format("20261121-1%05d-eeeeee", i)), REQUEST, AT, "key-" + i));
        }
        journal.recordAll(many);
        Files.writeString(file(), "{\"job_id\": \"cut", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(Files.size(file())).as("more than one 1 MiB read chunk").isGreaterThan(1L << 20);

        FileJobJournal reopened = new FileJobJournal(file());

        assertThat(reopened.jobs()).hasSize(2500);
        assertThat(reopened.find(many.get(1777).id())).contains(many.get(1777));
        assertThat(reopened.problems()).singleElement().asString().contains("line 2501", "cut off by a crash");
        assertThat(Files.readString(file())).endsWith("\n");
    }

    @Test
    void eachRecordIsOneLineOfJson() throws Exception {
        journal.record(Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT));

        List<String> lines = Files.readAllLines(file());
        assertThat(lines).singleElement().asString().startsWith("{\"job_id\":\"20261121-101500-aaaaaa\"");
    }
}
