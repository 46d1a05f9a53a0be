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

    /**
     * Writers that arrive while a commit cannot finish (another process holds the write lock) all
     * wait, and all get their answer once the lock is free; a waiting writer whose thread is
     * interrupted still waits for its write and keeps its interrupt.
     */
    @Test
    void writersQueuedBehindABlockedCommitAreAllCommittedOnceItEnds() throws Exception {
        int writers = 20;
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            jobs.add(Job.pending(JobId.of(String.format("20261121-101500-grp%03d", i)), REQUEST, AT));
        }
        List<Thread> threads = new ArrayList<>();
        java.util.Map<Integer, Boolean> stillInterrupted = new java.util.concurrent.ConcurrentHashMap<>();
        int interrupted;
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            for (int i = 0; i < writers; i++) {
                int n = i;
                Thread writer = new Thread(() -> {
                    journal.record(jobs.get(n));
                    stillInterrupted.put(n, Thread.currentThread().isInterrupted());
                }, "writer-" + i);
                threads.add(writer);
                writer.start();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (threads.stream().filter(t -> t.getState() == Thread.State.WAITING).count() < writers - 1) {
                assertThat(System.nanoTime()).as("the writers queue behind the blocked commit").isLessThan(deadline);
                Thread.onSpinWait();
            }
            Thread waiting = threads.stream().filter(t -> t.getState() == Thread.State.WAITING).findFirst().orElseThrow();
            interrupted = threads.indexOf(waiting);
            waiting.interrupt();
            lock.execute("ROLLBACK");
        }
        for (Thread writer : threads) {
            writer.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(writer.isAlive()).as(writer.getName() + " got its answer").isFalse();
        }
        assertThat(stillInterrupted).hasSize(writers).containsEntry(interrupted, true);
        assertThat(reopen().jobs()).containsExactlyInAnyOrderElementsOf(jobs);
    }

    /**
     * A writer whose record was committed by another writer's group commit returns once that commit
     * is done: it is woken by the commit, and does not wait for the writers' lock, which a later
     * commit may hold for as long as its own fsync takes (here, the test holds it).
     */
    @Test
    void aWriterReturnsOnceItsRecordIsCommittedWhileALaterCommitHoldsTheLock() throws Exception {
        SqlJobJournal sql = reopen();
        List<Job> jobs = List.of(Job.pending(JobId.of("20261121-101500-woken1"), REQUEST, AT),
                Job.pending(JobId.of("20261121-101500-woken2"), REQUEST, AT));
        List<Thread> writers = new ArrayList<>();
        sql.writing.lock();
        try {
            for (Job job : jobs) {
                Thread writer = new Thread(() -> sql.record(job), "writer-" + job.id());
                writers.add(writer);
                writer.start();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (writers.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
                assertThat(System.nanoTime()).as("both writers wait for a commit").isLessThan(deadline);
                Thread.onSpinWait();
            }
            // This thread commits their records, then goes on holding the lock, as a writer whose next
            // commit is under way would.
            sql.commitQueued();
            for (Thread writer : writers) {
                writer.join(TimeUnit.SECONDS.toMillis(10));
                assertThat(writer.isAlive()).as(writer.getName() + " returned while the lock is still held").isFalse();
            }
        } finally {
            sql.releaseWriting();
        }
        assertThat(reopen().jobs()).containsExactlyInAnyOrderElementsOf(jobs);
    }

    @Test
    void theDatabaseFileIsTheUsersAlone() throws Exception {
        journal.record(Job.pending(JobId.of("20261121-101500-aaaaaa"), REQUEST, AT));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
    }

    /**
     * A journal that only read writes nothing when it closes: with another process holding the
     * file's write lock, closing does not wait for it (it used to wait the whole busy timeout, 60 s).
     */
    @Test
    void aJournalThatOnlyReadClosesWhileAnotherProcessHoldsTheWriteLock() throws Exception {
        Job job = Job.pending(JobId.of("20261121-101500-reader"), REQUEST, AT);
        journal.record(job);
        SqlJobJournal reader = reopen();
        assertThat(reader.find(job.id())).contains(job);
        assertThat(reader.jobs()).containsExactly(job);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            try {
                CompletableFuture.runAsync(reader::close).get(20, TimeUnit.SECONDS);
            } finally {
                lock.execute("ROLLBACK");
            }
        }
    }

    /**
     * While a record not waited for cannot commit (another process holds the write lock), a read of
     * another job does not wait for it; a read of that job, or of every job, does, and sees it.
     */
    @Test
    void aReadOfAnotherJobDoesNotWaitForARecordNotWaitedFor() throws Exception {
        Job sending = Job.pending(JobId.of("20261121-101500-waited"), REQUEST, AT).moveTo(JobState.SUBMITTING, AT, "");
        Job other = Job.pending(JobId.of("20261121-101500-otherj"), REQUEST, AT);
        journal.recordAll(List.of(sending, other));
        Job submitted = sending.submitted(RequestId.of("req-waited"), AT.plusSeconds(1));
        CompletableFuture<java.util.Optional<Job>> itself;
        CompletableFuture<List<Job>> all;
        try (Connection lockHolder = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement lock = lockHolder.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            try {
                journal.recordWithoutWaiting(submitted);

                assertThat(CompletableFuture.supplyAsync(() -> journal.find(other.id())).get(20, TimeUnit.SECONDS))
                        .contains(other);
                itself = CompletableFuture.supplyAsync(() -> journal.find(sending.id()));
                all = CompletableFuture.supplyAsync(() -> journal.jobs());
            } finally {
                lock.execute("ROLLBACK");
            }
        }
        assertThat(itself.get(30, TimeUnit.SECONDS)).contains(submitted);
        assertThat(all.get(30, TimeUnit.SECONDS)).containsExactlyInAnyOrder(submitted, other);
    }
}
