package dev.easel.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.model.RequestId;
import dev.easel.core.port.out.JobJournal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JobJournal} must do. Each adapter's test extends this. */
public abstract class JobJournalContract {

    protected static final Instant AT = Instant.parse("2026-11-21T10:15:00Z");
    protected static final GenerationRequest REQUEST = GenerationRequest.validated(
            TestCatalog.seedreamDescription().inputs(), Map.of("prompt", "a lighthouse", "max_images", 3));

    protected JobJournal journal;

    protected abstract JobJournal newJournal() throws Exception;

    /** The same journal as a new process would see it. */
    protected abstract JobJournal reopen() throws Exception;

    @BeforeEach
    void freshJournal() throws Exception {
        journal = newJournal();
    }

    @Test
    void theLatestRecordOfAJobWinsAndSurvivesAReopen() throws Exception {
        Job pending = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT);
        Job submitted = pending.moveTo(JobState.SUBMITTING, AT, "").submitted(RequestId.of("req-1"), AT.plusSeconds(1));
        journal.record(pending);
        journal.record(submitted);

        JobJournal again = reopen();
        assertThat(again.find(pending.id())).contains(submitted);
        assertThat(again.findByRequestId(RequestId.of("req-1"))).contains(submitted);
        assertThat(again.find(pending.id()).orElseThrow().request().inputs())
                .containsEntry("max_images", 3)
                .containsEntry("prompt", "a lighthouse");
    }

    @Test
    void listsJobsOldestFirst() throws Exception {
        Job first = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT);
        Job second = Job.pending(JobId.of("20261121-101501-bbbbbb"), REQUEST, AT.plusSeconds(1));
        journal.record(first);
        journal.record(second);
        journal.record(first.moveTo(JobState.FAILED, AT.plusSeconds(2), "refused"));

        assertThat(reopen().jobs()).extracting(Job::id).containsExactly(first.id(), second.id());
        assertThat(reopen().find(first.id()).orElseThrow().note()).isEqualTo("refused");
    }

    @Test
    void recordsSeveralJobsAtOnce() throws Exception {
        Job first = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT, "key-1");
        Job second = Job.pending(JobId.of("20261121-101501-bbbbbb"), REQUEST, AT, "key-2");

        journal.recordAll(List.of(first, second));

        assertThat(reopen().jobs()).containsExactly(first, second);
        assertThat(reopen().find(second.id()).orElseThrow().key()).contains("key-2");
    }

    @Test
    void ofTwoProcessesOnlyOneMovesAJobOn() throws Exception {
        Job pending = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT);
        journal.record(pending);
        JobJournal other = reopen();
        Job mine = pending.moveTo(JobState.SUBMITTING, AT.plusSeconds(1), "");
        Job theirs = pending.moveTo(JobState.SUBMITTING, AT.plusSeconds(2), "");

        assertThat(other.recordIfUnchanged(pending, theirs)).isTrue();
        assertThat(journal.recordIfUnchanged(pending, mine)).as("the journal changed since it was read").isFalse();
        assertThat(journal.find(pending.id())).contains(theirs);
        assertThat(reopen().find(pending.id())).contains(theirs);
        Job next = theirs.submitted(RequestId.of("req-9"), AT.plusSeconds(3));
        assertThat(journal.recordIfUnchanged(theirs, next)).isTrue();
        assertThat(reopen().find(pending.id()).orElseThrow().state()).isEqualTo(JobState.SUBMITTED);
    }

    /**
     * Eight journals on the same store claim one job at once: exactly one may win. Adapters run it
     * where the store under test makes the claim atomic (the S3 test server, s3proxy, checks conditions
     * one request at a time but not atomically across concurrent requests; real S3 does).
     */
    protected void assertExactlyOneOfManyRacingClaimsWins() throws Exception {
        Job pending = Job.pending(JobId.of("20261121-101500-cccccc"), REQUEST, AT);
        journal.record(pending);
        List<JobJournal> processes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            processes.add(reopen());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Future<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            JobJournal process = processes.get(i);
            Job next = pending.moveTo(JobState.SUBMITTING, AT.plusMillis(i + 1), "claimed by " + i);
            claims.add(pool.submit(() -> {
                go.await();
                return process.recordIfUnchanged(pending, next);
            }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> claim : claims) {
            winners += claim.get() ? 1 : 0;
        }
        pool.shutdown();

        assertThat(winners).isEqualTo(1);
        assertThat(reopen().find(pending.id()).orElseThrow().state()).isEqualTo(JobState.SUBMITTING);
    }

    @Test
    void unknownIdsAreEmpty() {
        assertThat(journal.find(JobId.of("20261121-101500-zzzzzz"))).isEmpty();
        assertThat(journal.findByRequestId(RequestId.of("nope"))).isEmpty();
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            JobId id = JobId.of(String.format("20261121-1015%02d-cccccc", i));
            writes.add(pool.submit(() -> {
                Job job = Job.pending(id, REQUEST, AT);
                journal.record(job);
                journal.record(job.moveTo(JobState.SUBMITTING, AT, "").submitted(RequestId.of("req-" + id), AT));
            }));
        }
        for (Future<?> write : writes) {
            write.get();
        }
        pool.shutdown();

        JobJournal again = reopen();
        assertThat(again.jobs()).hasSize(40).allMatch(j -> j.state() == JobState.SUBMITTED);
    }
}
