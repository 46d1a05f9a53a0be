package dev.easel.core.service;

import dev.easel.core.model.HeldJobs;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobPage;
import dev.easel.core.model.JobQuery;
import dev.easel.core.model.JobState;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.port.in.TrackJobsUseCase;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.JobJournal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Journaled jobs by id: list, status, result; and following them on the shared scheduler (one job, or all unfinished). */
public final class TrackJobsService implements TrackJobsUseCase {

    private final JobJournal journal;
    private final GenerationProvider provider;
    private final JobDriver driver;
    private final JobScheduler scheduler;
    private final Clock clock;
    private final JobLookup lookup;
    private final LeasedFollow leased;

    public TrackJobsService(JobJournal journal, GenerationProvider provider, JobDriver driver, JobScheduler scheduler,
                            Clock clock) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lookup = new JobLookup(journal);
        this.leased = new LeasedFollow(journal, scheduler, clock);
    }

    @Override
    public JobPage search(JobQuery query) {
        return journal.query(query);
    }

    @Override
    public Job job(String jobOrRequestId) {
        return lookup.require(jobOrRequestId);
    }

    @Override
    public JobStatus status(String jobOrRequestId) {
        Job job = lookup.require(jobOrRequestId);
        if (!job.state().isAtProvider() || !job.isFor(provider.name())) {
            // Another provider's request id means nothing here: the journal's view only.
            return new JobStatus(job, Optional.empty());
        }
        return new JobStatus(job, Optional.of(provider.status(job.requestId().orElseThrow())));
    }

    @Override
    public Job result(String jobOrRequestId, Duration timeout, JobListener listener) {
        Job job = lookup.require(jobOrRequestId);
        if (!job.state().isAtProvider() && job.state() != JobState.SUCCEEDED) {
            return job;
        }
        if (!journal.follow(job.id())) {
            // Another live process follows it: wait for it there rather than follow it twice.
            return join(leased.follow(job, clock.instant().plus(timeout), listener));
        }
        return driver.drive(leased.current(job), clock.instant().plus(timeout), listener);
    }

    @Override
    public CompletableFuture<Job> follow(String jobOrRequestId, Duration timeout, JobListener listener) {
        Job job = lookup.require(jobOrRequestId);
        return leased.follow(job, clock.instant().plus(timeout), listener);
    }

    /** The submit journaled the job with this process's lease: followed at once, with no journal read or write first. */
    @Override
    public CompletableFuture<Job> followSubmitted(Job job, Duration timeout, JobListener listener) {
        return leased.followClaimed(job, clock.instant().plus(timeout), listener);
    }

    @Override
    public List<Job> resume(int concurrency, Duration timeout, JobListener listener) {
        // Only jobs no live process follows, each claimed for this one (a lease the journal keeps alive).
        List<Job> unfinished = journal.orphans(provider.name(), Integer.MAX_VALUE, true).stream().filter(j -> journal.follow(j.id()))
                .map(leased::current).toList();
        Instant deadline = clock.instant().plus(timeout);
        List<CompletableFuture<Job>> followed = Window.each(unfinished, Math.max(1, concurrency),
                job -> leased.followClaimed(job, deadline, listener)).join();
        List<Job> ended = new ArrayList<>();
        for (CompletableFuture<Job> one : followed) {
            ended.add(join(one));
        }
        return ended;
    }

    @Override
    public HeldJobs heldElsewhere() {
        return journal.heldElsewhere(provider.name());
    }

    @Override
    public Map<String, Long> leftForOtherProviders() {
        return journal.orphansOfOtherProviders(provider.name());
    }

    @Override
    public TakeOver takeOver(int atOnce, Duration timeout, JobListener listener, Consumer<String> warnings) {
        Orphans orphans = new Orphans(Math.max(1, atOnce), timeout, listener, warnings);
        orphans.start();
        return orphans;
    }

    private static Job join(CompletableFuture<Job> one) {
        try {
            return one.join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw failed;
        }
    }

    /**
     * A server's takeover of orphaned jobs. With leases, a look at the journal every half lease (and
     * again as soon as a slot frees while more were waiting) claims orphans one by one, each claim
     * atomic in the journal, so that of several servers exactly one takes each job. Without leases
     * (one process), the unfinished jobs found at the start are all there is to take. Only jobs past
     * PENDING are taken (a pending job was never sent, and stays pending until {@code easel resume}),
     * and only those made for this server's provider.
     */
    private final class Orphans implements TakeOver {

        private final int atOnce;
        private final Duration timeout;
        private final JobListener listener;
        private final Consumer<String> warnings;
        private final Set<JobId> following = ConcurrentHashMap.newKeySet();
        private final Set<CompletableFuture<Job>> inFlight = ConcurrentHashMap.newKeySet();
        private final Optional<Duration> every = journal.lease().map(l -> l.dividedBy(2));
        private volatile boolean closed;
        private volatile boolean moreWaiting;

        Orphans(int atOnce, Duration timeout, JobListener listener, Consumer<String> warnings) {
            this.atOnce = atOnce;
            this.timeout = timeout;
            this.listener = listener;
            this.warnings = warnings;
        }

        void start() {
            if (every.isEmpty()) {
                // One process: what is unfinished now was left by an earlier run; nothing else orphans jobs.
                scheduler.later(Duration.ZERO, () -> {
                    try {
                        List<Job> left = journal.orphans(provider.name(), Integer.MAX_VALUE, false).stream().filter(j -> journal.follow(j.id())).toList();
                        Window.each(left, atOnce, this::take);
                    } catch (RuntimeException e) {
                        warnings.accept("looking for unfinished jobs failed; they stay journaled: " + e.getMessage());
                    }
                });
                return;
            }
            scheduler.later(Duration.ZERO, this::look);
        }

        /** One look at the journal: claims orphans while there is room, then plans the next look. */
        private synchronized void look() {
            if (closed) {
                return;
            }
            try {
                int room = atOnce - following.size();
                int taken = 0;
                if (room > 0) {
                    for (Job orphan : journal.orphans(provider.name(), room + leased.givenUpCount(), false)) {
                        if (taken == room || closed) {
                            break;
                        }
                        if (!leased.gaveUp(orphan.id()) && !following.contains(orphan.id()) && journal.follow(orphan.id())) {
                            taken++;
                            take(leased.current(orphan));
                        }
                    }
                }
                // A full window may have left orphans behind: look again as soon as a slot frees.
                moreWaiting = taken >= room;
            } catch (RuntimeException e) {
                warnings.accept("looking for orphaned jobs failed; the next look tries again: " + e.getMessage());
            }
            if (!closed) {
                later(every.orElseThrow(), this::look);
            }
        }

        /** Follows a job this process has just claimed. */
        private CompletableFuture<Job> take(Job job) {
            if (job.state() == JobState.SUBMITTING) {
                warnings.accept("job " + job.id() + " was being submitted by a process that stopped: its outcome is"
                        + " unknown, so it is not sent again (easel status " + job.id() + ")");
            }
            following.add(job.id());
            CompletableFuture<Job> followed = leased.followClaimed(job, clock.instant().plus(timeout), listener);
            inFlight.add(followed);
            if (closed) {
                followed.cancel(false);
            }
            followed.whenComplete((ended, error) -> {
                inFlight.remove(followed);
                following.remove(job.id());
                if (error != null && !(error instanceof CancellationException)) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    warnings.accept(notFinished(job, cause));
                }
                if (moreWaiting && !closed && every.isPresent()) {
                    later(Duration.ZERO, this::look);
                }
            });
            return followed;
        }

        /** What became of a job whose follow failed, as the journal now holds it: ended (a refused submit is FAILED), or left for later. */
        private String notFinished(Job job, Throwable cause) {
            String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            Optional<JobState> now;
            try {
                now = journal.find(job.id()).map(Job::state);
            } catch (RuntimeException unreadable) {
                now = Optional.empty();
            }
            if (now.isEmpty()) {
                return "job " + job.id() + " could not be followed: " + why;
            }
            if (now.get().isTerminal()) {
                return "job " + job.id() + " ended " + now.get() + ": " + why;
            }
            return "job " + job.id() + " could not be finished now; it stays journaled as " + now.get()
                    + " for a later takeover or easel resume: " + why;
        }

        private void later(Duration delay, Runnable task) {
            try {
                scheduler.later(delay, task);
            } catch (RuntimeException stopped) {
                // The scheduler is closed: the process is stopping.
            }
        }

        @Override
        public void close() {
            closed = true;
            inFlight.forEach(followed -> followed.cancel(false));
        }
    }
}
