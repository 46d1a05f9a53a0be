package dev.easel.core.service;

import dev.easel.core.model.Job;
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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Journaled jobs by id: list, status, result; and following them on the shared scheduler (one job, or all unfinished). */
public final class TrackJobsService implements TrackJobsUseCase {

    private final JobJournal journal;
    private final GenerationProvider provider;
    private final JobDriver driver;
    private final JobScheduler scheduler;
    private final Clock clock;
    private final JobLookup lookup;

    public TrackJobsService(JobJournal journal, GenerationProvider provider, JobDriver driver, JobScheduler scheduler,
                            Clock clock) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lookup = new JobLookup(journal);
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
        if (!job.state().isAtProvider()) {
            return new JobStatus(job, Optional.empty());
        }
        return new JobStatus(job, Optional.of(provider.status(job.requestId().orElseThrow())));
    }

    @Override
    public Job result(String jobOrRequestId, Duration timeout, JobListener listener) {
        Job job = lookup.require(jobOrRequestId);
        if (job.state().isAtProvider() || job.state() == JobState.SUCCEEDED) {
            return driver.drive(job, clock.instant().plus(timeout), listener);
        }
        return job;
    }

    @Override
    public CompletableFuture<Job> follow(String jobOrRequestId, Duration timeout, JobListener listener) {
        Job job = lookup.require(jobOrRequestId);
        return scheduler.follow(job, clock.instant().plus(timeout), listener);
    }

    @Override
    public List<Job> resume(int concurrency, Duration timeout, JobListener listener) {
        // Only jobs no live process follows, each claimed for this one (a lease the journal keeps alive).
        List<Job> unfinished = journal.orphans(Integer.MAX_VALUE).stream().filter(j -> journal.follow(j.id())).toList();
        Instant deadline = clock.instant().plus(timeout);
        List<CompletableFuture<Job>> followed = Window.each(unfinished, Math.max(1, concurrency), job ->
                job.state() == JobState.SUBMITTING
                        ? CompletableFuture.completedFuture(job)
                        : scheduler.follow(job, deadline, listener)).join();
        List<Job> ended = new ArrayList<>();
        for (CompletableFuture<Job> one : followed) {
            try {
                ended.add(one.join());
            } catch (CompletionException failed) {
                if (failed.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw failed;
            }
        }
        return ended;
    }
}
