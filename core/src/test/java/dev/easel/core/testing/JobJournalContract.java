package dev.easel.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobPage;
import dev.easel.core.model.JobQuery;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.UsageGrouping;
import dev.easel.core.model.UsageLine;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
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
    void aNotedChangeIsKeptAndNeverOvertakesALaterRecord() throws Exception {
        Job submitted = Job.pending(JobId.of("20261121-101500-noted1"), REQUEST, AT).moveTo(JobState.SUBMITTING, AT, "")
                .submitted(RequestId.of("req-noted-1"), AT.plusSeconds(1));
        Job running = submitted.moveTo(JobState.RUNNING, AT.plusSeconds(2), "");
        Job failed = running.moveTo(JobState.FAILED, AT.plusSeconds(3), "out of capacity");
        journal.record(submitted);
        journal.note(running);
        journal.record(failed);
        assertThat(journal.find(submitted.id())).contains(failed);

        Job other = Job.pending(JobId.of("20261121-101500-noted2"), REQUEST, AT).moveTo(JobState.SUBMITTING, AT, "")
                .submitted(RequestId.of("req-noted-2"), AT.plusSeconds(1));
        journal.record(other);
        Job queued = other.moveTo(JobState.QUEUED, AT.plusSeconds(2), "");
        journal.note(queued);
        Await.until("the noted change to reach the journal by itself", java.time.Duration.ofSeconds(30),
                () -> journal.find(other.id()).equals(Optional.of(queued)));
        assertThat(reopen().find(other.id())).contains(queued);
        assertThat(reopen().find(submitted.id())).contains(failed);
    }

    @Test
    void aRecordNotWaitedForIsSeenByTheNextReadAndNeverOvertakesALaterRecord() throws Exception {
        Job sending = Job.pending(JobId.of("20261121-101500-behind"), REQUEST, AT).moveTo(JobState.SUBMITTING, AT, "");
        journal.record(sending);
        Job submitted = sending.submitted(RequestId.of("req-behind-1"), AT.plusSeconds(1));

        journal.recordWithoutWaiting(submitted);

        assertThat(journal.find(submitted.id())).contains(submitted);
        assertThat(journal.findByRequestId(RequestId.of("req-behind-1"))).contains(submitted);
        Job running = submitted.moveTo(JobState.RUNNING, AT.plusSeconds(2), "");
        Job failed = running.moveTo(JobState.FAILED, AT.plusSeconds(3), "out of capacity");
        journal.recordWithoutWaiting(running);
        journal.record(failed);
        assertThat(journal.find(submitted.id())).contains(failed);
        assertThat(reopen().find(submitted.id())).contains(failed);
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

    protected static Job pendingWithPrompt(String id, String prompt, Instant at) {
        return Job.pending(JobId.of(id), GenerationRequest.validated(TestCatalog.seedreamDescription().inputs(),
                Map.of("prompt", prompt)), at);
    }

    @Test
    void pagesJobsNewestFirstAndAPageDoesNotShiftWhenJobsArrive() throws Exception {
        List<Job> made = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Job job = Job.pending(JobId.of(String.format("20261121-1015%02d-aaaaaa", i)), REQUEST, AT.plusSeconds(i));
            made.add(job);
        }
        journal.recordAll(made);

        JobPage first = journal.query(JobQuery.newest(3));
        assertThat(first.jobs()).extracting(Job::id).containsExactly(made.get(6).id(), made.get(5).id(), made.get(4).id());
        assertThat(first.next()).contains(made.get(4).id());
        journal.record(Job.pending(JobId.of("20261121-102000-zzzzzz"), REQUEST, AT.plusSeconds(60)));
        JobPage second = reopen().query(JobQuery.newest(3).after(first.next().orElseThrow()));
        assertThat(second.jobs()).extracting(Job::id).containsExactly(made.get(3).id(), made.get(2).id(), made.get(1).id());
        JobPage last = reopen().query(JobQuery.newest(3).after(second.next().orElseThrow()));
        assertThat(last.jobs()).extracting(Job::id).containsExactly(made.get(0).id());
        assertThat(last.next()).isEmpty();
    }

    @Test
    void pagesThroughJobsCreatedAtTheSameInstantWithAndWithoutFilters() throws Exception {
        List<Job> made = new ArrayList<>();
        for (char c = 'a'; c <= 'f'; c++) {
            made.add(pendingWithPrompt("20261121-101500-" + String.valueOf(c).repeat(6), "a fox number " + c, AT));
        }
        made.add(pendingWithPrompt("20261121-101459-zzzzzz", "a fox before the others", AT.minusSeconds(1)));
        journal.recordAll(made);
        JobJournal again = reopen();

        List<JobId> plain = new ArrayList<>();
        List<JobId> filtered = new ArrayList<>();
        JobQuery first = JobQuery.newest(2);
        for (JobQuery query = first; query != null; ) {
            JobPage page = again.query(query);
            page.jobs().forEach(job -> plain.add(job.id()));
            query = page.next().map(first::after).orElse(null);
        }
        JobQuery search = JobQuery.newest(2).withText("fox").withStates(Set.of(JobState.PENDING)).withSince(AT.minusSeconds(60));
        for (JobQuery query = search; query != null; ) {
            JobPage page = again.query(query);
            page.jobs().forEach(job -> filtered.add(job.id()));
            query = page.next().map(search::after).orElse(null);
        }

        List<JobId> newestFirst = List.of("ffffff", "eeeeee", "dddddd", "cccccc", "bbbbbb", "aaaaaa").stream()
                .map(tail -> JobId.of("20261121-101500-" + tail)).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        newestFirst.add(JobId.of("20261121-101459-zzzzzz"));
        assertThat(plain).containsExactlyElementsOf(newestFirst);
        assertThat(filtered).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void filtersByStateModelDateAndWordsOfThePrompt() throws Exception {
        Job fox = pendingWithPrompt("20261121-101500-aaaaaa", "A red fox in deep snow", AT);
        Job lighthouse = pendingWithPrompt("20261121-101501-bbbbbb", "a lighthouse at dusk, red sky", AT.plusSeconds(1));
        Job foxes = pendingWithPrompt("20261121-101502-cccccc", "two foxes playing", AT.plusSeconds(2));
        journal.recordAll(List.of(fox, lighthouse, foxes));
        journal.record(lighthouse.moveTo(JobState.FAILED, AT.plusSeconds(3), "refused"));
        JobJournal again = reopen();

        assertThat(again.query(JobQuery.newest(10).withText("fox snow")).jobs()).extracting(Job::id).containsExactly(fox.id());
        assertThat(again.query(JobQuery.newest(10).withText("RED")).jobs()).extracting(Job::id)
                .containsExactly(lighthouse.id(), fox.id());
        assertThat(again.query(JobQuery.newest(10).withText("dusk \"red\" sky")).jobs()).extracting(Job::id)
                .containsExactly(lighthouse.id());
        assertThat(again.query(JobQuery.newest(10).withText("unicorn")).jobs()).isEmpty();
        assertThat(again.query(JobQuery.newest(10).withStates(Set.of(JobState.FAILED))).jobs()).extracting(Job::id)
                .containsExactly(lighthouse.id());
        assertThat(again.query(JobQuery.newest(10).withStates(Set.of(JobState.PENDING)).withSince(AT.plusSeconds(1))).jobs())
                .extracting(Job::id).containsExactly(foxes.id());
        assertThat(again.query(JobQuery.newest(10).withModel(REQUEST.model())).jobs()).hasSize(3);
        assertThat(again.query(JobQuery.newest(10).withModel(ModelId.of("someone/other-model"))).jobs()).isEmpty();
    }

    @Test
    void aBatchLineIsJournaledOnceWhileItsJobHoldsTheKey() throws Exception {
        Job first = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT, "line-1");
        Job other = Job.pending(JobId.of("20261121-101500-bbbbbb"), REQUEST, AT, "line-2");
        assertThat(journal.recordUnlessKeyHeld(List.of(first, other))).containsExactly(first, other);

        Job again = Job.pending(JobId.of("20261121-101600-cccccc"), REQUEST, AT.plusSeconds(60), "line-1");
        assertThat(reopen().recordUnlessKeyHeld(List.of(again))).containsExactly(first);
        assertThat(reopen().find(again.id())).isEmpty();

        journal.record(first.moveTo(JobState.FAILED, AT.plusSeconds(61), "refused"));
        Job retry = Job.pending(JobId.of("20261121-101700-dddddd"), REQUEST, AT.plusSeconds(120), "line-1");
        assertThat(reopen().recordUnlessKeyHeld(List.of(retry))).containsExactly(retry);
        assertThat(reopen().find(retry.id())).contains(retry);
    }

    /** Runs of one batch file started together journal one job per line. Adapters whose claim is atomic call it. */
    protected void assertRacingRunsOfOneFileJournalOneJobPerLine() throws Exception {
        int runs = 6;
        List<JobJournal> processes = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            processes.add(reopen());
        }
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Future<List<Job>>> results = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            JobJournal process = processes.get(r);
            List<Job> lines = new ArrayList<>();
            for (int line = 0; line < 10; line++) {
                lines.add(Job.pending(JobId.of(String.format("20261121-1015%02d-run%03d", line, r)), REQUEST, AT, "line-" + line));
            }
            results.add(pool.submit(() -> {
                go.await();
                return process.recordUnlessKeyHeld(lines);
            }));
        }
        go.countDown();
        java.util.Set<JobId> holders = new java.util.HashSet<>();
        for (Future<List<Job>> result : results) {
            result.get().forEach(j -> holders.add(j.id()));
        }
        pool.shutdown();

        assertThat(holders).hasSize(10);
        assertThat(reopen().jobs()).hasSize(10);
    }

    @Test
    void sumsWhatJobsCostByModelAndDay() throws Exception {
        Job paid = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT).moveTo(JobState.SUBMITTING, AT, "")
                .submitted(RequestId.of("req-1"), AT).succeeded(List.of(URI.create("https://x/1.png")), new BigDecimal("0.035"), AT);
        Job alsoPaid = Job.pending(JobId.of("20261122-101500-bbbbbb"), REQUEST, AT.plusSeconds(86_400)).moveTo(JobState.SUBMITTING, AT, "")
                .submitted(RequestId.of("req-2"), AT).succeeded(List.of(URI.create("https://x/2.png")), new BigDecimal("0.0125"), AT);
        Job free = Job.pending(JobId.of("20261122-101501-cccccc"), REQUEST, AT.plusSeconds(86_401));
        journal.recordAll(List.of(paid, alsoPaid, free));

        assertThat(reopen().usage(Optional.empty(), UsageGrouping.MODEL)).singleElement().satisfies(line -> {
            assertThat(line.group()).isEqualTo(REQUEST.model().value());
            assertThat(line.jobs()).isEqualTo(3);
            assertThat(line.pricedJobs()).isEqualTo(2);
            assertThat(line.costUsd()).isEqualByComparingTo("0.0475");
        });
        List<UsageLine> days = reopen().usage(Optional.empty(), UsageGrouping.DAY);
        assertThat(days).extracting(UsageLine::group).containsExactly("2026-11-21", "2026-11-22");
        assertThat(days.get(1).costUsd()).isEqualByComparingTo("0.0125");
        assertThat(reopen().usage(Optional.of(AT.plusSeconds(86_400)), UsageGrouping.MODEL).get(0).jobs()).isEqualTo(2);
    }

    @Test
    void sumsWhatJobsCostByTheKeyThatAskedForThem() throws Exception {
        Job alices = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT).requestedBy("alice")
                .moveTo(JobState.SUBMITTING, AT, "").submitted(RequestId.of("req-1"), AT)
                .succeeded(List.of(URI.create("https://x/1.png")), new BigDecimal("0.035"), AT);
        Job alsoAlices = Job.pending(JobId.of("20261121-101501-bbbbbb"), REQUEST, AT.plusSeconds(1)).requestedBy("alice");
        Job ci = Job.pending(JobId.of("20261121-101502-cccccc"), REQUEST, AT.plusSeconds(2)).requestedBy("ci")
                .moveTo(JobState.SUBMITTING, AT, "").submitted(RequestId.of("req-3"), AT)
                .succeeded(List.of(URI.create("https://x/3.png")), new BigDecimal("0.0125"), AT);
        Job local = Job.pending(JobId.of("20261121-101503-dddddd"), REQUEST, AT.plusSeconds(3));
        journal.recordAll(List.of(alices, alsoAlices, ci, local));
        journal.record(alsoAlices.moveTo(JobState.CANCELLED, AT.plusSeconds(4), "stop"));

        List<UsageLine> keys = reopen().usage(Optional.empty(), UsageGrouping.KEY);

        assertThat(keys).extracting(UsageLine::group).containsExactly("alice", "ci", UsageGrouping.LOCAL);
        assertThat(keys).extracting(UsageLine::jobs).containsExactly(2L, 1L, 1L);
        assertThat(keys.get(0).costUsd()).isEqualByComparingTo("0.035");
        assertThat(keys.get(1).costUsd()).isEqualByComparingTo("0.0125");
        assertThat(reopen().find(alsoAlices.id()).orElseThrow().requestedBy()).as("kept through later states").contains("alice");
        assertThat(reopen().find(local.id()).orElseThrow().requestedBy()).isEmpty();
    }
}
