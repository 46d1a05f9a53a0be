package dev.easel.core.port.out;

import dev.easel.core.model.HeldJobs;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobPage;
import dev.easel.core.model.JobQuery;
import dev.easel.core.model.RequestId;
import dev.easel.core.model.JobState;
import dev.easel.core.model.UsageGrouping;
import dev.easel.core.model.UsageLine;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The durable record of every job. {@link #record} returns only once the job's new state would
 * survive a crash, and the generation flow calls it before each side effect that follows, so a paid
 * job is never lost: a restart reads the journal and finishes what is unfinished.
 *
 * <p>A journal also answers the questions the gallery, {@code easel jobs} and the API ask
 * ({@link #query}, {@link #usage}), and says which process follows an unfinished job
 * ({@link #follow}), so that a job whose process died is taken over by another. The default methods
 * are the plain rules, good for journals held in memory; database journals answer from indexes and
 * make each step atomic across processes.
 */
public interface JobJournal {

    /** Durably records the job's current state, replacing what was known of it. */
    void record(Job job);

    /**
     * Records a change that no side effect waits for (a job seen queued or running at the provider):
     * a journal may make it durable with its next write, or within a moment, instead of at once, and
     * returns without waiting for the disk. A crash may lose it; the job is then found in its state
     * before, which the flow handles the same way (it polls the provider again). Later records of the
     * same job are never overtaken by it.
     */
    default void note(Job job) {
        record(job);
    }

    /**
     * Records the job's new state as {@link #record} does, but the caller does not wait for the disk:
     * the journal starts committing it at once (on a thread of its own, with whatever else is ready),
     * before any later record of the same job, and reads of the job made after this call see it. For
     * a state that no paid side effect follows, whose caller has an answer to give meanwhile (a
     * submit's request id, once the provider has accepted the job: decision 0023). A crash before
     * the commit loses it exactly as it would lose a {@link #record} still in flight. Journals without
     * a thread of their own record it before returning.
     */
    default void recordWithoutWaiting(Job job) {
        record(job);
    }

    /**
     * Durably records several jobs at once, as {@link #record} would one by one; journals that can
     * make them durable together (one disk flush for all) should.
     */
    default void recordAll(List<Job> jobs) {
        jobs.forEach(this::record);
    }

    /**
     * Durably records {@code next} only if the journal's latest record of the job still has
     * {@code expected}'s history, so that of two processes driving one journal only one moves a job
     * on (and pays for it). Returns false, recording nothing, when another process got there first.
     */
    boolean recordIfUnchanged(Job expected, Job next);

    /**
     * Journals each of {@code fresh} (new jobs, each carrying a {@link Job#key() key}) unless a job that
     * holds its key already exists: one that was stored or has not ended. A key whose holder failed,
     * was cancelled or expired passes to the fresh job. Check and write are one atomic step per key, so
     * runs of one batch file started together journal one job per line. Returns, in the order given,
     * the job that holds each key afterwards: the fresh one, or the earlier holder.
     */
    default List<Job> recordUnlessKeyHeld(List<Job> fresh) {
        synchronized (this) {
            Map<String, Job> holders = new HashMap<>();
            jobs().stream().filter(j -> j.key().isPresent()).sorted(Comparator.comparing(Job::createdAt))
                    .forEach(j -> holders.put(j.key().get(), j));
            List<Job> result = new ArrayList<>();
            List<Job> toRecord = new ArrayList<>();
            for (Job job : fresh) {
                String key = job.key().orElseThrow(() -> new IllegalArgumentException("job " + job.id() + " has no key"));
                Job holder = holders.get(key);
                if (holder != null && (holder.state() == JobState.STORED || !holder.state().isTerminal())) {
                    result.add(holder);
                } else {
                    holders.put(key, job);
                    toRecord.add(job);
                    result.add(job);
                }
            }
            recordAll(toRecord);
            return result;
        }
    }

    Optional<Job> find(JobId id);

    Optional<Job> findByRequestId(RequestId id);

    /** Every journaled job, oldest first. Reads the whole journal: for tests and imports, not for pages. */
    List<Job> jobs();

    /** One page of the jobs that match {@code query}, newest first. */
    default JobPage query(JobQuery query) {
        List<Job> newestFirst = new ArrayList<>(jobs());
        newestFirst.sort(Comparator.comparing(Job::createdAt).thenComparing(j -> j.id().value()).reversed());
        Optional<Job> after = query.after().flatMap(this::find);
        List<Job> matching = newestFirst.stream()
                .filter(query::matches)
                .filter(j -> after.isEmpty() || isOlder(j, after.get()))
                .limit(query.limit() + 1L)
                .toList();
        return JobPage.of(matching, query.limit());
    }

    /** What the jobs created at or after {@code since} cost, grouped, largest group first. */
    default List<UsageLine> usage(Optional<Instant> since, UsageGrouping by) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, BigDecimal> totals = new HashMap<>();
        for (Job job : jobs()) {
            if (since.isPresent() && job.createdAt().isBefore(since.get())) {
                continue;
            }
            String group = switch (by) {
                case MODEL -> job.request().model().value();
                case DAY -> job.createdAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
                case KEY -> job.requestedBy().orElse(UsageGrouping.LOCAL);
            };
            long[] count = counts.computeIfAbsent(group, g -> new long[2]);
            count[0]++;
            if (job.cost().isPresent()) {
                count[1]++;
                totals.merge(group, job.cost().get(), BigDecimal::add);
            }
        }
        List<UsageLine> lines = new ArrayList<>();
        counts.forEach((group, count) ->
                lines.add(new UsageLine(group, count[0], count[1], totals.getOrDefault(group, BigDecimal.ZERO))));
        return lines;
    }

    /**
     * Claims the following of unfinished job {@code id} for this journal's process: true when no other
     * live process follows it (its lease is free, expired, or already this process's). While this
     * process lives the journal keeps the claim alive; it ends when the job ends or on
     * {@link #unfollow}. A process that died stops renewing, and its jobs become {@link #orphans}
     * once the lease runs out.
     */
    default boolean follow(JobId id) {
        return true;
    }

    /**
     * How long a claim made by {@link #follow} lasts without renewal: a journal shared by several
     * processes has one, and a process looks for {@link #orphans} about twice a lease to take over
     * the jobs of processes that died. Empty (the default) for a journal one process holds alone.
     */
    default Optional<Duration> lease() {
        return Optional.empty();
    }

    /** Gives up following {@code id}, so another process may take it at once. */
    default void unfollow(JobId id) {
    }

    /** Unfinished jobs that no live process follows, of every provider, oldest first, at most {@code limit}, pending ones too. */
    default List<Job> orphans(int limit) {
        return orphans(null, limit, true);
    }

    /**
     * Unfinished jobs made for {@code provider} (any, when null; see {@link Job#isFor}) that no live
     * process follows, oldest first, at most {@code limit}. Without {@code pendingToo}, only jobs past
     * {@link JobState#PENDING} (a submit was or may have been sent): what a server takes over by
     * itself, since a pending job was never sent and stays pending until {@code easel resume} (a user
     * who stopped a batch stopped spending).
     */
    default List<Job> orphans(String provider, int limit, boolean pendingToo) {
        return jobs().stream().filter(j -> !j.state().isTerminal())
                .filter(j -> provider == null || j.isFor(provider))
                .filter(j -> pendingToo || j.state() != JobState.PENDING).limit(limit).toList();
    }

    /**
     * How many unfinished jobs no live process follows were made for each provider other than
     * {@code provider}: what a resume of {@code provider} leaves (a resume of theirs finishes them).
     */
    default Map<String, Long> orphansOfOtherProviders(String provider) {
        Map<String, Long> counts = new TreeMap<>();
        for (Job job : orphans(Integer.MAX_VALUE)) {
            if (!job.isFor(provider)) {
                counts.merge(job.providerName(), 1L, Long::sum);
            }
        }
        return counts;
    }

    /**
     * Unfinished jobs that another process holds the lease of now (it lives, or died less than a lease
     * ago) among those made for {@code provider}: what {@link #orphans} leaves out. None for a journal
     * one process holds alone.
     */
    default HeldJobs heldElsewhere(String provider) {
        return HeldJobs.NONE;
    }

    private static boolean isOlder(Job job, Job than) {
        int byTime = job.createdAt().compareTo(than.createdAt());
        return byTime < 0 || (byTime == 0 && job.id().value().compareTo(than.id().value()) < 0);
    }
}
