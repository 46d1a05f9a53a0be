package dev.easel.adapter.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.model.RequestId;
import dev.easel.core.testing.JobJournalContract;
import dev.easel.core.testing.MutableClock;
import dev.easel.core.error.StorageException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.junit.jupiter.api.Test;

/**
 * Leases on a database journal, each {@link SqlJobJournal} standing for one process: whoever journals
 * or claims an unfinished job holds it, another process takes it only once the lease ran out or was
 * given up, and of several processes taking one orphan at once exactly one does.
 */
abstract class SqlJournalLeaseContract extends JobJournalContract {

    private static final Duration LEASE = Duration.ofMinutes(10);

    /** Another process on the same database, with its own clock and lease. */
    protected abstract SqlJobJournal process(Clock clock, Duration lease);

    @Test
    void aJobWhoseProcessStoppedRenewingIsTakenOverOnceItsLeaseRunsOut() {
        MutableClock clock = new MutableClock(AT);
        SqlJobJournal first = process(clock, LEASE);
        SqlJobJournal second = process(clock, LEASE);
        Job job = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT);
        first.record(job);

        assertThat(first.lease()).contains(LEASE);
        assertThat(second.orphans(10)).isEmpty();
        assertThat(second.follow(job.id())).as("the first process still holds it").isFalse();
        clock.advance(LEASE.plusSeconds(1));
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
        SqlJobJournal first = process(Clock.systemUTC(), LEASE);
        Job job = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT);
        first.record(job);
        SqlJobJournal second = process(Clock.systemUTC(), LEASE);
        assertThat(second.orphans(10)).isEmpty();

        first.close();

        assertThat(second.orphans(10)).containsExactly(job);
    }

    @Test
    void aProcessThatGivesAJobUpLetsAnotherTakeItAtOnce() {
        SqlJobJournal first = process(Clock.systemUTC(), LEASE);
        SqlJobJournal second = process(Clock.systemUTC(), LEASE);
        Job job = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT);
        first.record(job);
        assertThat(second.follow(job.id())).isFalse();

        second.unfollow(job.id());
        assertThat(second.follow(job.id())).as("only the holder can give a lease up").isFalse();
        first.unfollow(job.id());

        assertThat(second.orphans(10)).containsExactly(job);
        assertThat(second.follow(job.id())).isTrue();
        assertThat(second.orphans(10)).isEmpty();
    }

    @Test
    void claimingAJobToSubmitItTakesItsLease() {
        MutableClock clock = new MutableClock(AT);
        SqlJobJournal first = process(clock, LEASE);
        SqlJobJournal second = process(clock, LEASE);
        Job pending = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT);
        first.record(pending);
        first.unfollow(pending.id());
        Job sending = pending.moveTo(JobState.SUBMITTING, AT.plusSeconds(1), "");

        assertThat(second.recordIfUnchanged(pending, sending)).isTrue();

        assertThat(first.orphans(10)).as("the process that claimed it holds it").isEmpty();
        assertThat(first.follow(pending.id())).isFalse();
        Job submitted = sending.submitted(RequestId.of("req-1"), AT.plusSeconds(2));
        second.record(submitted);
        assertThat(first.follow(pending.id())).as("recording a later state keeps the lease").isFalse();
        clock.advance(LEASE.plusSeconds(1));
        assertThat(first.orphans(10)).containsExactly(submitted);
    }

    @Test
    void aServersTakeOverLeavesPendingOrphansToResume() {
        SqlJobJournal first = process(Clock.systemUTC(), LEASE);
        Job pending = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT);
        Job submitted = Job.pending(JobId.of("20261121-101501-bbbbbb"), REQUEST, AT.plusSeconds(1))
                .moveTo(JobState.SUBMITTING, AT.plusSeconds(1), "").submitted(RequestId.of("req-1"), AT.plusSeconds(2));
        first.recordAll(List.of(pending, submitted));
        first.close();
        SqlJobJournal second = process(Clock.systemUTC(), LEASE);

        assertThat(second.orphans(null, 10, false)).as("a takeover's look: only what was sent").containsExactly(submitted);
        assertThat(second.orphans(null, 1, false)).containsExactly(submitted);
        assertThat(second.orphans(10)).as("resume's look: pending ones too").containsExactly(pending, submitted);
    }

    @Test
    void orphansAreThoseOfTheProviderAskedFor() {
        SqlJobJournal first = process(Clock.systemUTC(), LEASE);
        Job runComfy = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT).madeFor("runcomfy");
        Job modelArk = Job.pending(JobId.of("20261121-101501-bbbbbb"), REQUEST, AT.plusSeconds(1)).madeFor("modelark");
        Job before = Job.pending(JobId.of("20261121-101502-cccccc"), REQUEST, AT.plusSeconds(2))
                .moveTo(JobState.SUBMITTING, AT.plusSeconds(2), "").submitted(RequestId.of("ark-7"), AT.plusSeconds(3));
        Job older = Job.pending(JobId.of("20261121-101503-dddddd"), REQUEST, AT.plusSeconds(3));
        first.recordAll(List.of(runComfy, modelArk, before, older));
        first.close();
        SqlJobJournal second = process(Clock.systemUTC(), LEASE);

        assertThat(second.find(modelArk.id())).as("the provider is journaled").contains(modelArk);
        assertThat(second.orphans("runcomfy", 10, true)).as("a job with no provider recorded is RunComfy's")
                .containsExactly(runComfy, older);
        assertThat(second.orphans("modelark", 10, true)).as("...unless its request id is ModelArk's")
                .containsExactly(modelArk, before);
        assertThat(second.orphans("modelark", 10, false)).containsExactly(before);
        assertThat(second.orphansOfOtherProviders("runcomfy")).containsExactly(java.util.Map.entry("modelark", 2L));
        assertThat(second.heldElsewhere("runcomfy").count()).isZero();
    }

    @Test
    void jobsHeldByAnotherLiveProcessAreCountedWithTheirLeasesEnd() {
        MutableClock clock = new MutableClock(AT);
        SqlJobJournal first = process(clock, LEASE);
        SqlJobJournal second = process(clock, LEASE);
        first.record(Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT).madeFor("runcomfy"));

        assertThat(second.heldElsewhere("runcomfy").count()).isEqualTo(1);
        assertThat(second.heldElsewhere("runcomfy").until()).contains(AT.plus(LEASE));
        assertThat(second.heldElsewhere("modelark").count()).isZero();
        assertThat(first.heldElsewhere("runcomfy").count()).as("its own are not held elsewhere").isZero();
        clock.advance(LEASE.plusSeconds(1));
        assertThat(second.heldElsewhere("runcomfy").count()).as("a lease that ran out holds nothing").isZero();
    }

    @Test
    void ofManyProcessesTakingOneOrphanAtOnceExactlyOneDoes() throws Exception {
        MutableClock clock = new MutableClock(AT);
        Job job = Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT);
        process(clock, LEASE).record(job);
        clock.advance(LEASE.plusSeconds(1));
        List<SqlJobJournal> processes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            processes.add(process(clock, LEASE));
        }
        ExecutorService pool = Executors.newFixedThreadPool(processes.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> takes = new ArrayList<>();
        for (SqlJobJournal process : processes) {
            takes.add(pool.submit(() -> {
                go.await();
                return process.orphans(10).contains(job) && process.follow(job.id());
            }));
        }
        go.countDown();
        int taken = 0;
        for (Future<Boolean> take : takes) {
            taken += take.get() ? 1 : 0;
        }
        pool.shutdown();

        assertThat(taken).isEqualTo(1);
    }

    /**
     * Closing lets the journal's thread finish the commit it started (here waiting for a pooled
     * connection, every one of them busy) rather than interrupting it, and commits what is still
     * queued: every record started without waiting before the journal refused new ones is durable.
     */
    @Test
    void everyRecordStartedWithoutWaitingBeforeCloseIsDurableAfterIt() throws Exception {
        SqlJobJournal first = process(Clock.systemUTC(), LEASE);
        List<Job> started = new ArrayList<>();
        List<Connection> busy = new ArrayList<>();
        CompletableFuture<Void> closing;
        try {
            for (int i = 0; i < first.database().poolSize(); i++) {
                busy.add(first.database().connection());
            }
            for (int i = 0; i < 5; i++) {
                started.add(submitted(i));
                first.recordWithoutWaiting(started.get(i));
            }
            closing = CompletableFuture.runAsync(first::close);
            // Until close() has begun: from then on the journal refuses records.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (int i = started.size(); ; i++) {
                Job next = submitted(i);
                try {
                    first.recordWithoutWaiting(next);
                    started.add(next);
                } catch (StorageException refused) {
                    assertThat(refused).hasMessageContaining(next.id().value()).hasMessageContaining("closed");
                    break;
                }
                assertThat(System.nanoTime()).as("the journal refuses records once closing").isLessThan(deadline);
                Thread.yield();
            }
        } finally {
            for (Connection connection : busy) {
                connection.close();
            }
        }
        closing.get(30, TimeUnit.SECONDS);

        SqlJobJournal second = process(Clock.systemUTC(), LEASE);
        assertThat(second.jobs()).containsExactlyInAnyOrderElementsOf(started);
        assertThat(second.orphans(null, started.size() + 1, false)).as("their leases were freed")
                .hasSize(started.size());
    }

    @Test
    void aClosedJournalRefusesARecordNotWaitedForAndStartsNoThread() {
        SqlJobJournal first = process(Clock.systemUTC(), LEASE);
        first.close();

        Job job = submitted(0);
        assertThatThrownBy(() -> first.recordWithoutWaiting(job)).isInstanceOf(StorageException.class)
                .hasMessageContaining(job.id().value()).hasMessageContaining("closed");
        assertThatThrownBy(() -> first.note(job)).isInstanceOf(StorageException.class).hasMessageContaining("closed");
        assertThat(process(Clock.systemUTC(), LEASE).find(job.id())).isEmpty();
    }

    private static Job submitted(int i) {
        Job sending = Job.pending(JobId.of("20261121-101500-" + String.format("c%05d", i)), REQUEST, AT)
                .moveTo(JobState.SUBMITTING, AT, "");
        return sending.submitted(RequestId.of("req-c" + i), AT.plusSeconds(1));
    }
}
