package dev.easel.adapter.storage.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.easel.adapter.storage.JobJson;
import dev.easel.core.error.StorageException;
import dev.easel.core.model.HeldJobs;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobPage;
import dev.easel.core.model.JobQuery;
import dev.easel.core.model.JobState;
import dev.easel.core.model.RequestId;
import dev.easel.core.model.Transition;
import dev.easel.core.model.UsageGrouping;
import dev.easel.core.model.UsageLine;
import dev.easel.core.port.out.JobJournal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal in a database (SQLite or PostgreSQL): one row per job holding its latest record, with
 * the columns that queries, claims and leases use. Every write commits before it returns, and
 * writes that arrive together share one transaction (a group commit: one disk flush for all).
 *
 * <p>Across processes: {@link #recordIfUnchanged} is an {@code UPDATE ... WHERE history_hash = ?};
 * batch lines are claimed through the primary key of {@code line_keys}; each unfinished job carries
 * a lease (owner and expiry) that the process which journaled or claimed it renews while it lives.
 */
public final class SqlJobJournal implements JobJournal, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqlJobJournal.class);

    /** How long a process's claim on its unfinished jobs lasts without renewal. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    private static final String TERMINAL = Arrays.stream(JobState.values()).filter(JobState::isTerminal)
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "(", ")"));
    private static final String UPSERT = "INSERT INTO jobs (id, created_at, updated_at, state, model, request_id,"
            + " line_key, prompt, cost_micros, history_hash, lease_owner, lease_until, record, requested_by,"
            + " provider) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, state = excluded.state,"
            + " model = excluded.model, request_id = excluded.request_id, line_key = excluded.line_key,"
            + " cost_micros = excluded.cost_micros, history_hash = excluded.history_hash, record = excluded.record,"
            + " lease_owner = CASE WHEN excluded.state IN " + TERMINAL + " THEN NULL ELSE jobs.lease_owner END,"
            + " lease_until = CASE WHEN excluded.state IN " + TERMINAL + " THEN NULL ELSE jobs.lease_until END";
    private static final String COMPARE_AND_SET = "UPDATE jobs SET updated_at = ?, state = ?, request_id = ?,"
            + " cost_micros = ?, history_hash = ?, record = ?, lease_owner = ?, lease_until = ?"
            + " WHERE id = ? AND history_hash = ?";

    private final Database database;
    private final Clock clock;
    private final Duration lease;
    private final String owner;
    /** Held by the one writer committing; package-private for a test that stands in for a commit under way. */
    final ReentrantLock writing = new ReentrantLock();
    private final ConcurrentLinkedQueue<Write<?>> queue = new ConcurrentLinkedQueue<>();
    /** Per job, the records started by {@link #recordWithoutWaiting} and not committed yet (nor failed). */
    private final ConcurrentHashMap<JobId, Integer> behind = new ConcurrentHashMap<>();
    /** One thread for the journal's own timed work: committing noted changes and renewing leases. */
    private ScheduledExecutorService background;
    /** Whether this journal ever took a lease (and so renews them, and frees them when it closes). */
    private volatile boolean leased;
    private final java.util.concurrent.atomic.AtomicBoolean flushPlanned = new java.util.concurrent.atomic.AtomicBoolean();
    private boolean closed;

    public SqlJobJournal(Database database) {
        this(database, Clock.systemUTC(), DEFAULT_LEASE);
    }

    public SqlJobJournal(Database database, Clock clock, Duration lease) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.owner = "pid" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(randomBytes());
    }

    /** The process's name in leases. */
    public String owner() {
        return owner;
    }

    public Database database() {
        return database;
    }

    @Override
    public void record(Job job) {
        recordAll(List.of(job));
    }

    @Override
    public void recordAll(List<Job> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        // Encoded before the write queue, so that encoding never holds up the group commit.
        Map<Job, String> records = encodeAll(jobs);
        write(describe(jobs), connection -> {
            upsert(connection, jobs, true, records::get);
            return null;
        });
    }

    /**
     * Queued for the next group commit without waiting for it; if no other write comes, a flush
     * within {@link #NOTE_DELAY} commits it. Queue order keeps it before later records of the job.
     */
    @Override
    public void note(Job job) {
        String record = encode(job);
        // Under the journal's monitor, as close() is: a record is either queued before the journal
        // closes (and close() commits it) or refused.
        synchronized (this) {
            refuseIfClosed(job);
            queue.add(new Write<Void>(connection -> {
                upsert(connection, List.of(job), true, j -> record);
                return null;
            }));
            if (flushPlanned.compareAndSet(false, true)) {
                background().schedule(this::flushNotes, NOTE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** How long a noted change may wait for another write to take it along. */
    static final Duration NOTE_DELAY = Duration.ofMillis(100);

    /**
     * Queued for a group commit that starts at once, on the journal's thread unless a writer takes it
     * along first; the caller does not wait for it. Reads made after this call wait for it, so that
     * they never show the job as it was before.
     */
    @Override
    public void recordWithoutWaiting(Job job) {
        String record = encode(job);
        synchronized (this) {
            refuseIfClosed(job);
            behind.merge(job.id(), 1, Integer::sum);
            queue.add(new Write<Void>(connection -> {
                upsert(connection, List.of(job), true, j -> record);
                return null;
            }, job.id()));
            background().execute(this::commitQueuedNow);
        }
    }

    /** After {@link #close()}, the database is closed: a record that could not be written is refused, loudly. */
    private void refuseIfClosed(Job job) {
        assert Thread.holdsLock(this);
        if (closed) {
            throw new StorageException("could not journal job " + job.id() + " in " + database.url().where()
                    + ": the journal is closed");
        }
    }

    /** The journal's thread, started on first use; never after {@link #close()}, which stops it. */
    private synchronized ScheduledExecutorService background() {
        if (closed) {
            throw new RejectedExecutionException("the journal is closed");
        }
        if (background == null) {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "easel-journal");
                thread.setDaemon(true);
                return thread;
            });
            // On close, a planned flush is dropped: close() commits whatever is still queued itself.
            executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            background = executor;
        }
        return background;
    }

    private void flushNotes() {
        flushPlanned.set(false);
        commitQueuedNow();
    }

    /** Commits whatever is queued, if a writer has not taken it along meanwhile. */
    private void commitQueuedNow() {
        writing.lock();
        try {
            if (!queue.isEmpty()) {
                commitQueued();
            }
        } finally {
            releaseWriting();
        }
    }

    /**
     * Lets the next writer commit: unlocks {@link #writing} and wakes the first queued write's caller
     * that waits (its commit takes along every write queued by then). A write nobody waits for is
     * committed by whoever commits next, or by the journal's thread.
     */
    void releaseWriting() {
        writing.unlock();
        if (writing.hasQueuedThreads()) {
            // A reader or the journal's thread waits for the lock: it commits what is queued next (and
            // wakes the next writer when it is done), rather than racing a writer woken here for it.
            return;
        }
        for (Write<?> next : queue) {
            if (next.waiter != null) {
                LockSupport.unpark(next.waiter);
                return;
            }
        }
    }

    private Map<Job, String> encodeAll(List<Job> jobs) {
        Map<Job, String> records = new java.util.IdentityHashMap<>();
        jobs.forEach(job -> records.put(job, encode(job)));
        return records;
    }

    @Override
    public boolean recordIfUnchanged(Job expected, Job next) {
        String record = encode(next);
        String nextHash = historyHash(next);
        String expectedHash = historyHash(expected);
        return write("job " + next.id(), connection -> {
            try (PreparedStatement update = connection.prepareStatement(COMPARE_AND_SET)) {
                Instant now = clock.instant();
                boolean ends = next.state().isTerminal();
                update.setLong(1, next.updatedAt().toEpochMilli());
                update.setString(2, next.state().name());
                update.setString(3, next.requestId().map(RequestId::value).orElse(null));
                setCost(update, 4, next);
                update.setString(5, nextHash);
                update.setString(6, record);
                update.setString(7, ends ? null : owner);
                setNullableLong(update, 8, ends ? null : now.plus(lease).toEpochMilli());
                update.setString(9, next.id().value());
                update.setString(10, expectedHash);
                boolean won = update.executeUpdate() == 1;
                if (won && !ends) {
                    startRenewing();
                }
                return won;
            }
        });
    }

    @Override
    public List<Job> recordUnlessKeyHeld(List<Job> fresh) {
        if (fresh.isEmpty()) {
            return List.of();
        }
        return write(describe(fresh), connection -> {
            List<Job> holders = new ArrayList<>();
            for (Job job : fresh) {
                holders.add(claimLine(connection, job));
            }
            return holders;
        });
    }

    /** One line: journal {@code job} if its key is free (or held by a job that ended without its images). */
    private Job claimLine(Connection connection, Job job) throws SQLException {
        String key = job.key().orElseThrow(() -> new IllegalArgumentException("job " + job.id() + " has no key"));
        while (true) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO line_keys (line_key, job_id) VALUES (?, ?) ON CONFLICT (line_key) DO NOTHING")) {
                insert.setString(1, key);
                insert.setString(2, job.id().value());
                if (insert.executeUpdate() == 1) {
                    upsert(connection, List.of(job), true);
                    return job;
                }
            }
            Optional<Job> holder = one(connection, "SELECT j.record FROM line_keys k JOIN jobs j ON j.id = k.job_id"
                    + " WHERE k.line_key = ?", key);
            if (holder.isPresent() && (holder.get().state() == JobState.STORED || !holder.get().state().isTerminal())) {
                return holder.get();
            }
            try (PreparedStatement pass = connection.prepareStatement(
                    "UPDATE line_keys SET job_id = ? WHERE line_key = ? AND job_id = ?")) {
                pass.setString(1, job.id().value());
                pass.setString(2, key);
                pass.setString(3, holder.map(h -> h.id().value()).orElseGet(() -> heldBy(connection, key)));
                if (pass.executeUpdate() == 1) {
                    upsert(connection, List.of(job), true);
                    return job;
                }
            }
        }
    }

    private String heldBy(Connection connection, String key) {
        try (PreparedStatement select = connection.prepareStatement("SELECT job_id FROM line_keys WHERE line_key = ?")) {
            select.setString(1, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : "";
            }
        } catch (SQLException e) {
            throw new StorageException("could not read batch line key " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Job> find(JobId id) {
        return read(id, connection -> one(connection, "SELECT record FROM jobs WHERE id = ?", id.value()));
    }

    @Override
    public Optional<Job> findByRequestId(RequestId id) {
        return read(connection -> one(connection,
                "SELECT record FROM jobs WHERE request_id = ? ORDER BY created_at DESC, id DESC LIMIT 1", id.value()));
    }

    @Override
    public List<Job> jobs() {
        return read(connection -> many(connection, "SELECT record FROM jobs ORDER BY created_at, id", List.of()));
    }

    @Override
    public JobPage query(JobQuery query) {
        return read(connection -> {
            StringBuilder sql = new StringBuilder("SELECT record FROM jobs WHERE 1 = 1");
            List<Object> arguments = new ArrayList<>();
            // With a text search, the other conditions are checked on the jobs the text index finds
            // rather than walking another index over, say, every stored job (see Dialect.unindexed).
            String c = query.text().isPresent() ? database.dialect().unindexed() : "";
            if (!query.states().isEmpty()) {
                sql.append(" AND ").append(c).append("state IN ").append(query.states().stream().map(s -> "?")
                        .collect(Collectors.joining(", ", "(", ")")));
                query.states().stream().map(JobState::name).sorted().forEach(arguments::add);
            }
            query.model().ifPresent(model -> {
                sql.append(" AND ").append(c).append("model = ?");
                arguments.add(model.value());
            });
            query.since().ifPresent(since -> {
                sql.append(" AND ").append(c).append("created_at >= ?");
                arguments.add(since.toEpochMilli());
            });
            if (query.text().isPresent()) {
                List<String> words = JobQuery.words(query.text().get());
                if (words.isEmpty()) {
                    return new JobPage(List.of(), Optional.empty());
                }
                sql.append(" AND ").append(database.dialect().textMatch());
                arguments.add(database.dialect().textArgument(words));
            }
            if (query.after().isPresent()) {
                Optional<Job> after = one(connection, "SELECT record FROM jobs WHERE id = ?", query.after().get().value());
                if (after.isPresent()) {
                    // "Older than the last job shown", with a plain bound on created_at first so that the
                    // index seeks there (a bare OR made it walk the index from the newest job on).
                    long at = after.get().createdAt().toEpochMilli();
                    sql.append(" AND ").append(c).append("created_at <= ? AND (").append(c).append("created_at < ? OR ")
                            .append(c).append("id < ?)");
                    arguments.add(at);
                    arguments.add(at);
                    arguments.add(after.get().id().value());
                }
            }
            sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
            arguments.add(query.limit() + 1);
            return JobPage.of(many(connection, sql.toString(), arguments), query.limit());
        });
    }

    @Override
    public List<UsageLine> usage(Optional<Instant> since, UsageGrouping by) {
        return read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(usageSql(by, since.isPresent()))) {
                if (since.isPresent()) {
                    select.setLong(1, since.get().toEpochMilli());
                }
                // By group name, the same on both databases (PostgreSQL's ORDER BY follows its collation);
                // jobs asked for by no key and by a key named like that group are one group, as before.
                Map<String, UsageLine> lines = new TreeMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String group = switch (by) {
                            case MODEL -> rows.getString(1);
                            case DAY -> LocalDate.ofEpochDay(rows.getLong(1)).toString();
                            case KEY -> Optional.ofNullable(rows.getString(1)).orElse(UsageGrouping.LOCAL);
                        };
                        UsageLine line = new UsageLine(group, rows.getLong(2), rows.getLong(3), BigDecimal.valueOf(rows.getLong(4), 6));
                        lines.merge(group, line, (a, b) -> new UsageLine(group, a.jobs() + b.jobs(),
                                a.pricedJobs() + b.pricedJobs(), a.costUsd().add(b.costUsd())));
                    }
                }
                return List.copyOf(lines.values());
            }
        });
    }

    /**
     * The sums of one grouping, grouped by exactly the columns of its covering index (migration V5):
     * the database walks that index alone, in order, whatever the number of jobs. The day is the UTC
     * day number ({@value #DAY_MILLIS} ms a day since the epoch). With {@code since}, one parameter:
     * the earliest creation time in epoch milliseconds; without, no condition at all, which leaves
     * PostgreSQL's planner free to read the index alone.
     */
    static String usageSql(UsageGrouping by, boolean since) {
        String group = switch (by) {
            case MODEL -> "model";
            case DAY -> "created_at / " + DAY_MILLIS;
            case KEY -> "requested_by";
        };
        return "SELECT " + group + ", COUNT(*), COUNT(cost_micros), COALESCE(SUM(cost_micros), 0) FROM jobs"
                + (since ? " WHERE created_at >= ?" : "") + " GROUP BY " + group + " ORDER BY " + group;
    }

    private static final long DAY_MILLIS = 86_400_000L;

    @Override
    public boolean follow(JobId id) {
        boolean taken = write("job " + id, connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE jobs SET lease_owner = ?, lease_until = ?"
                    + " WHERE id = ? AND state NOT IN " + TERMINAL
                    + " AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)")) {
                Instant now = clock.instant();
                update.setString(1, owner);
                update.setLong(2, now.plus(lease).toEpochMilli());
                update.setString(3, id.value());
                update.setString(4, owner);
                update.setLong(5, now.toEpochMilli());
                return update.executeUpdate() == 1;
            }
        });
        if (taken) {
            startRenewing();
        }
        return taken;
    }

    @Override
    public Optional<Duration> lease() {
        return Optional.of(lease);
    }

    @Override
    public void unfollow(JobId id) {
        write("job " + id, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?")) {
                update.setString(1, id.value());
                update.setString(2, owner);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public List<Job> orphans(String provider, int limit, boolean pendingToo) {
        // The partial index jobs_unfinished answers it; the other conditions filter its rows.
        List<Object> arguments = new ArrayList<>();
        arguments.add(clock.instant().toEpochMilli());
        if (provider != null) {
            arguments.add(provider);
        }
        arguments.add(limit);
        return read(connection -> many(connection, "SELECT record FROM jobs WHERE state NOT IN " + TERMINAL
                        + (pendingToo ? "" : " AND state <> '" + JobState.PENDING.name() + "'")
                        + " AND (lease_owner IS NULL OR lease_until < ?)" + (provider == null ? "" : " AND provider = ?")
                        + " ORDER BY created_at, id LIMIT ?", arguments));
    }

    @Override
    public Map<String, Long> orphansOfOtherProviders(String provider) {
        return read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT provider, COUNT(*) FROM jobs WHERE state NOT IN "
                    + TERMINAL + " AND (lease_owner IS NULL OR lease_until < ?) AND provider <> ? GROUP BY provider")) {
                select.setLong(1, clock.instant().toEpochMilli());
                select.setString(2, provider);
                Map<String, Long> counts = new TreeMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        counts.put(rows.getString(1), rows.getLong(2));
                    }
                }
                return counts;
            }
        });
    }

    @Override
    public HeldJobs heldElsewhere(String provider) {
        // The partial index jobs_unfinished holds the candidates: the unfinished jobs only.
        return read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*), MAX(lease_until) FROM jobs"
                    + " WHERE state NOT IN " + TERMINAL + " AND lease_owner IS NOT NULL AND lease_owner <> ? AND lease_until >= ?"
                    + " AND provider = ?")) {
                select.setString(1, owner);
                select.setLong(2, clock.instant().toEpochMilli());
                select.setString(3, provider);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    long count = rows.getLong(1);
                    long until = rows.getLong(2);
                    return count == 0 ? HeldJobs.NONE : new HeldJobs(count, Optional.of(Instant.ofEpochMilli(until)));
                }
            }
        });
    }

    /**
     * Keeps this process's leases alive: every third of the lease, they are pushed a whole lease ahead.
     * Called by every write of a leased job, within its commit: once renewals run (the flag is never
     * cleared) it returns without taking the journal's monitor, for which the writers that queue
     * records contend.
     */
    private void startRenewing() {
        if (!leased) {
            startRenewingOnce();
        }
    }

    private synchronized void startRenewingOnce() {
        if (leased) {
            return;
        }
        leased = true;
        if (closed) {
            // A record queued before close() and committed by it: close() frees its lease right after.
            return;
        }
        long every = Math.max(1, lease.toMillis() / 3);
        background().scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
    }

    private void renewLeases() {
        try {
            write("the leases of " + owner, connection -> {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE jobs SET lease_until = ? WHERE lease_owner = ?")) {
                    update.setLong(1, clock.instant().plus(lease).toEpochMilli());
                    update.setString(2, owner);
                    return update.executeUpdate();
                }
            });
        } catch (StorageException e) {
            // The next round tries again; a lease outlives two missed renewals.
        }
    }

    /**
     * Stops renewing, commits every record started before it (the journal's thread finishes the commit
     * it runs, uninterrupted; what is still queued is committed here) and frees this process's leases,
     * so another process may take its unfinished jobs at once. A journal that queued nothing and never
     * held a lease writes nothing: closing it never waits for another process's write lock.
     */
    @Override
    public void close() {
        ScheduledExecutorService timed;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            timed = background;
        }
        try {
            if (timed != null) {
                // Renewals and planned flushes are dropped; a commit under way is not interrupted.
                timed.shutdown();
                awaitQuietly(timed);
            }
            if (leased || !queue.isEmpty()) {
                // The queued records first, in the same transaction, then the leases (theirs too).
                write("the leases of " + owner, connection -> {
                    if (!leased) {
                        return 0;
                    }
                    try (PreparedStatement update = connection.prepareStatement(
                            "UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?")) {
                        update.setString(1, owner);
                        return update.executeUpdate();
                    }
                });
            }
        } finally {
            database.close();
        }
    }

    /** Bounded: a commit waits at most the busy timeout (SQLite) or the pool's connection timeout. */
    private static final Duration CLOSING_WAIT = Duration.ofSeconds(90);

    private void awaitQuietly(ScheduledExecutorService timed) {
        try {
            if (!timed.awaitTermination(CLOSING_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the journal's thread did not finish its commit within {} s; closing anyway",
                        CLOSING_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes rows in one statement batch; new unfinished jobs are leased to this process. */
    void upsert(Connection connection, List<Job> jobs, boolean lease) throws SQLException {
        upsert(connection, jobs, lease, this::encode);
    }

    /** As {@link #upsert(Connection, List, boolean)}, each row's record given as text (the import keeps each line as it was). */
    void upsert(Connection connection, List<Job> jobs, boolean lease, Function<Job, String> records) throws SQLException {
        Instant now = clock.instant();
        boolean leased = false;
        try (PreparedStatement insert = connection.prepareStatement(UPSERT)) {
            for (Job job : jobs) {
                boolean owned = lease && !job.state().isTerminal();
                leased |= owned;
                insert.setString(1, job.id().value());
                insert.setLong(2, job.createdAt().toEpochMilli());
                insert.setLong(3, job.updatedAt().toEpochMilli());
                insert.setString(4, job.state().name());
                insert.setString(5, job.request().model().value());
                insert.setString(6, job.requestId().map(RequestId::value).orElse(null));
                insert.setString(7, job.key().orElse(null));
                insert.setString(8, job.request().prompt().orElse(""));
                setCost(insert, 9, job);
                insert.setString(10, historyHash(job));
                insert.setString(11, owned ? owner : null);
                setNullableLong(insert, 12, owned ? now.plus(this.lease).toEpochMilli() : null);
                insert.setString(13, records.apply(job));
                insert.setString(14, job.requestedBy().orElse(null));
                insert.setString(15, job.providerName());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        if (leased) {
            startRenewing();
        }
    }

    private <T> T write(String what, Work<T> work) {
        Write<T> mine = new Write<>(work, null, Thread.currentThread());
        queue.add(mine);
        // A group commit: one writer commits every write queued so far, and wakes each of their callers
        // once it is done. A caller that finds a commit under way waits to be woken, either because its
        // write was committed or because it is the next to commit; it does not queue for the lock only
        // to find its write done: under a burst of writes on a busy processor, handing the lock from
        // one caller to the next, each woken in turn, took longer than the commits themselves.
        boolean interrupted = false;
        try {
            while (!mine.done) {
                if (writing.tryLock()) {
                    try {
                        if (!mine.done) {
                            commitQueued();
                        }
                    } finally {
                        releaseWriting();
                    }
                } else {
                    LockSupport.park(this);
                    // As a lock's wait would: an interrupt does not abandon a write under way.
                    interrupted |= Thread.interrupted();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (mine.failure != null) {
            throw new StorageException("could not journal " + what + " in " + database.url().where() + ": "
                    + mine.failure.getMessage(), mine.failure);
        }
        return mine.result;
    }

    /** Commits every write queued so far in one transaction; if that fails, each alone, so each gets its own answer. */
    void commitQueued() {
        List<Write<?>> batch = new ArrayList<>();
        for (Write<?> next = queue.poll(); next != null; next = queue.poll()) {
            batch.add(next);
        }
        Throwable stopped = null;
        try {
            commit(batch);
        } catch (RuntimeException | Error e) {
            stopped = e;
            throw e;
        } finally {
            for (Write<?> write : batch) {
                if (!write.done) {
                    // An error escaped the commit: its callers must not wait for an answer that will not come.
                    write.fail(new SQLException("the commit was stopped by an error", stopped));
                }
                if (write.waiter != null && write.waiter != Thread.currentThread()) {
                    LockSupport.unpark(write.waiter);
                }
                if (write.unwaited != null) {
                    behind.computeIfPresent(write.unwaited, (id, count) -> count == 1 ? null : count - 1);
                    if (write.failure != null) {
                        // Nobody waits for this answer: the job's next record carries the same state along.
                        LOG.warn("could not journal job {} in {}: {}", write.unwaited, database.url().where(),
                                write.failure.getMessage());
                    }
                }
            }
        }
    }

    private void commit(List<Write<?>> batch) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                for (Write<?> write : batch) {
                    write.run(connection);
                }
                connection.commit();
                batch.forEach(w -> w.done = true);
                return;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                if (batch.size() == 1) {
                    batch.get(0).fail(e);
                    return;
                }
            }
            for (Write<?> write : batch) {
                try {
                    write.run(connection);
                    connection.commit();
                    write.done = true;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(connection);
                    write.fail(e);
                }
            }
        } catch (SQLException e) {
            batch.forEach(w -> w.fail(e));
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException alreadyBroken) {
            // The connection is closed next; the pool replaces it.
        }
    }

    /**
     * A read that may concern any job (a page, the usage, a look-up by request id, the orphans): if
     * any record started without waiting is still uncommitted, it commits it first (with everything
     * else queued), so the read never shows a job as it was before. With submits in flight (say 20
     * a second through the gateway, each committing SUBMITTED for a few milliseconds), such reads
     * often wait for a commit.
     */
    private <T> T read(Work<T> work) {
        if (!behind.isEmpty()) {
            commitQueuedNow();
        }
        return readNow(work);
    }

    /** A read of one job: it waits only for records of that job started without waiting. */
    private <T> T read(JobId id, Work<T> work) {
        if (behind.containsKey(id)) {
            commitQueuedNow();
        }
        return readNow(work);
    }

    private <T> T readNow(Work<T> work) {
        try (Connection connection = database.connection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException("could not read the journal in " + database.url().where() + ": " + e.getMessage(), e);
        }
    }

    private Optional<Job> one(Connection connection, String sql, String argument) throws SQLException {
        List<Job> found = many(connection, sql, List.of(argument));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private List<Job> many(Connection connection, String sql, List<?> arguments) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < arguments.size(); i++) {
                select.setObject(i + 1, arguments.get(i));
            }
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    jobs.add(decode(rows.getString(1)));
                }
            }
            return jobs;
        }
    }

    private String encode(Job job) {
        try {
            return JobJson.of(job).write();
        } catch (JsonProcessingException e) {
            throw new StorageException("could not encode job " + job.id() + " for the journal", e);
        }
    }

    private Job decode(String record) {
        try {
            return JobJson.read(record).toJob();
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StorageException("a journal record in " + database.url().where() + " is damaged: " + e.getMessage(), e);
        }
    }

    /** A digest of the job's whole history: two records with the same digest have the same history. */
    static String historyHash(Job job) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Transition step : job.history()) {
                sha.update((step.state().name() + '\u0000' + step.at() + '\u0000' + step.note() + '\n')
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void setCost(PreparedStatement statement, int index, Job job) throws SQLException {
        Optional<BigDecimal> cost = job.cost();
        setNullableLong(statement, index, cost.map(c -> c.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValue())
                .orElse(null));
    }

    private static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static String describe(List<Job> jobs) {
        return jobs.size() == 1 ? "job " + jobs.get(0).id() : jobs.size() + " jobs";
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[4];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** Work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** A write waiting for the next group commit, and its answer once committed. */
    private static final class Write<T> {
        private final Work<T> work;
        /** The job of a write nobody waits for ({@link #recordWithoutWaiting}); null when its caller waits. */
        private final JobId unwaited;
        /** The thread waiting for this write's commit, woken when it is done; null when nobody waits. */
        private final Thread waiter;
        private volatile boolean done;
        private T result;
        private Exception failure;

        Write(Work<T> work) {
            this(work, null, null);
        }

        Write(Work<T> work, JobId unwaited) {
            this(work, unwaited, null);
        }

        Write(Work<T> work, JobId unwaited, Thread waiter) {
            this.work = work;
            this.unwaited = unwaited;
            this.waiter = waiter;
        }

        void run(Connection connection) throws SQLException {
            result = work.run(connection);
        }

        void fail(Exception e) {
            failure = e;
            done = true;
        }
    }
}
