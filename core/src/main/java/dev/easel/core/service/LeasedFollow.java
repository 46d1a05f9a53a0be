package dev.easel.core.service;

import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.port.out.JobJournal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows journaled jobs on the scheduler only under this process's lease (see
 * {@link JobJournal#follow}), so that two live processes sharing a journal never follow (poll,
 * download, store) one job at once. A job that another live process follows is watched in the
 * journal instead: its changes are heard as that process records them, and if that process dies,
 * this one takes the job over once the lease runs out. A follow that ends with the job unfinished
 * (its deadline passed, it failed here, or its submit outcome is unknown) gives the lease up at
 * once, so another process may finish it; this process does not take such a job over again.
 */
final class LeasedFollow {

    /** How often a job that another process follows is looked at in the journal, at most. */
    private static final Duration WATCH = Duration.ofSeconds(1);

    private final JobJournal journal;
    private final JobScheduler scheduler;
    private final Clock clock;
    private final Set<JobId> givenUp = ConcurrentHashMap.newKeySet();

    LeasedFollow(JobJournal journal, JobScheduler scheduler, Clock clock) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Follows {@code job} until it ends or {@code deadline} passes: at once if this process can claim
     * it, else by watching it in the journal until it ends there or can be claimed.
     */
    CompletableFuture<Job> follow(Job job, Instant deadline, JobListener listener) {
        if (journal.follow(job.id())) {
            return followClaimed(current(job), deadline, listener);
        }
        CompletableFuture<Job> result = new CompletableFuture<>();
        watchLater(job, deadline, listener, result);
        return result;
    }

    /**
     * Follows a job this process holds the lease of (it journaled the job itself, or claimed it):
     * the scheduler moves it on, and the lease is given up if the follow ends with the job unfinished.
     */
    CompletableFuture<Job> followClaimed(Job job, Instant deadline, JobListener listener) {
        CompletableFuture<Job> followed = scheduler.follow(job, deadline, listener);
        followed.whenComplete((ended, error) -> {
            if (error instanceof CancellationException || (ended != null && ended.state().isTerminal())) {
                // Cancelled: the process is stopping, and closing the journal frees its leases.
                // Ended: the journal cleared the lease with the final state.
                return;
            }
            givenUp.add(job.id());
            try {
                journal.unfollow(job.id());
            } catch (RuntimeException unreachable) {
                // The lease then runs out by itself.
            }
        });
        return followed;
    }

    /** Whether this process followed the job and let it go unfinished (it does not take it over again). */
    boolean gaveUp(JobId id) {
        return givenUp.contains(id);
    }

    int givenUpCount() {
        return givenUp.size();
    }

    /** The job as the journal holds it now: a claim may come after another process moved it on. */
    Job current(Job job) {
        return journal.find(job.id()).orElse(job);
    }

    private void watch(Job last, Instant deadline, JobListener listener, CompletableFuture<Job> result) {
        if (result.isDone()) {
            return;
        }
        try {
            Job now = current(last);
            if (!now.history().equals(last.history())) {
                listener.onChange(now);
            }
            if (now.state().isTerminal()) {
                result.complete(now);
            } else if (journal.follow(now.id())) {
                CompletableFuture<Job> followed = followClaimed(current(now), deadline, listener);
                result.whenComplete((ended, error) -> followed.cancel(false));
                followed.whenComplete((ended, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error);
                    } else {
                        result.complete(ended);
                    }
                });
            } else if (!clock.instant().isBefore(deadline)) {
                result.complete(now);
            } else {
                watchLater(now, deadline, listener, result);
            }
        } catch (RuntimeException failed) {
            result.completeExceptionally(failed);
        }
    }

    private void watchLater(Job last, Instant deadline, JobListener listener, CompletableFuture<Job> result) {
        Duration wait = journal.lease().map(l -> l.dividedBy(4)).filter(w -> w.compareTo(WATCH) < 0).orElse(WATCH);
        try {
            scheduler.later(wait, () -> watch(last, deadline, listener, result));
        } catch (RuntimeException stopped) {
            result.cancel(false);
        }
    }
}
