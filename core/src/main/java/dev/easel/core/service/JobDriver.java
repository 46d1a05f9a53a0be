package dev.easel.core.service;

import dev.easel.core.error.ConfigurationException;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ModelId;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.port.out.JobRecords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Moves a journaled job on from wherever it stopped, one step at a time: a PENDING job is submitted
 * ({@link JobSubmitter}), a job at the provider is polled ({@link JobPoller}), a SUCCEEDED job is
 * stored ({@link OutputStorer}). Every state is journaled before the side effect that follows it.
 * The {@link JobScheduler} runs steps for many jobs on a few threads; {@link #drive} runs them for
 * one job on the caller's thread, waiting between polls.
 */
public final class JobDriver {

    /** Larger than any output of today's image models (a 3K PNG is about 30 MB). */
    public static final long DEFAULT_MAX_IMAGE_BYTES = 200L * 1024 * 1024;

    private final JobJournal journal;
    private final Clock clock;
    private final Sleeper sleeper;
    private final JobSubmitter submitter;
    private final JobPoller poller;
    private final OutputStorer storer;
    private final String providerName;

    public JobDriver(GenerationProvider provider, ImageStore store, JobRecords records, JobJournal journal, Clock clock,
                     Sleeper sleeper, PollingPolicy polling, long maxImageBytes) {
        Objects.requireNonNull(provider, "provider");
        this.providerName = Objects.requireNonNull(provider.name(), "provider name");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(records, "records");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(polling, "polling");
        if (maxImageBytes < 1) {
            throw new IllegalArgumentException("maxImageBytes must be positive, got " + maxImageBytes);
        }
        Journaling journaling = new Journaling(journal);
        OutcomeRecorder outcomes = new OutcomeRecorder(journaling, clock);
        this.submitter = new JobSubmitter(provider, journal, outcomes, clock);
        this.poller = new JobPoller(provider, journaling, outcomes, polling, new RunTimes(), clock);
        this.storer = new OutputStorer(provider, store, records, journaling, clock, maxImageBytes);
    }

    /** What one step left: the job has nothing more to do here, or is to be stepped again after a wait. */
    sealed interface Step permits Done, Again {
    }

    /** Ended, or in a state this process does not move on (SUBMITTING, claimed by another process). */
    record Done(Job job) implements Step {
    }

    record Again(FollowedJob followed, Duration after) implements Step {
    }

    /** The name of the provider this driver sends jobs to, which each new job records ({@link Job#madeFor}). */
    public String providerName() {
        return providerName;
    }

    /** Submits a PENDING job; empty when another process sharing the journal claimed it first. */
    public Optional<Job> submit(Job pending, JobListener listener) {
        return submitter.submit(pending, listener);
    }

    /** Submits a job made for this call, never journaled: journaled SUBMITTING in one write, then sent. */
    public Job submitNew(Job fresh, JobListener listener) {
        return submitter.submitNew(fresh, listener);
    }

    /** How long this model's jobs are expected to run at the provider, once one of them was seen finished. */
    Optional<Duration> expectedRunTime(ModelId model) {
        return poller.expectedRunTime(model);
    }

    /** Whether this process has seen one of the model's jobs end (not only recalled earlier runs' from the journal). */
    boolean runTimeSeen(ModelId model) {
        return poller.runTimeSeen(model);
    }

    Step step(FollowedJob followed, JobListener listener) {
        Job job = followed.job();
        if (!job.isFor(providerName)) {
            // Its request id and model mean something only at its own provider: never sent or polled here.
            throw new ConfigurationException("job " + job.id() + " was made for provider " + job.provider().orElseThrow()
                    + ", not " + providerName + ": follow it with --provider " + job.provider().orElseThrow());
        }
        if (job.state() == JobState.PENDING) {
            Optional<Job> sent = submitter.submit(job, listener);
            if (sent.isEmpty()) {
                return new Done(journal.find(job.id()).orElse(job));
            }
            // Not asked about at once: a job just handed over is surely not done yet, and under load
            // that call would take the provider's call budget from the jobs that are.
            FollowedJob submitted = followed.with(sent.get());
            return next(submitted, submitted.job().state().isAtProvider() ? poller.nextWait(submitted) : Duration.ZERO);
        }
        if (job.state().isAtProvider()) {
            FollowedJob polled = poller.poll(followed, listener);
            return next(polled, polled.job().state().isAtProvider() ? poller.nextWait(polled) : Duration.ZERO);
        }
        if (job.state() == JobState.SUCCEEDED) {
            return new Done(storer.store(job, listener));
        }
        return new Done(job);
    }

    private static Step next(FollowedJob followed, Duration after) {
        JobState state = followed.job().state();
        return state.isAtProvider() || state == JobState.SUCCEEDED ? new Again(followed, after) : new Done(followed.job());
    }

    /**
     * Moves the job on until it ends or {@code deadline} passes, on this thread: submits it if it was
     * never sent, follows it while the provider holds it, stores its outputs once it succeeded.
     */
    public Job drive(Job job, Instant deadline, JobListener listener) {
        FollowedJob followed = FollowedJob.start(job, clock.instant());
        while (true) {
            Step step = step(followed, listener);
            if (step instanceof Done done) {
                return done.job();
            }
            Again again = (Again) step;
            followed = again.followed();
            if (again.after().isZero()) {
                continue;
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                return followed.job();
            }
            Duration untilDeadline = Duration.between(now, deadline);
            try {
                sleeper.sleep(again.after().compareTo(untilDeadline) < 0 ? again.after() : untilDeadline);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return followed.job();
            }
        }
    }
}
