package dev.easel.core.service;

import dev.easel.core.error.ProviderUnavailableException;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobQuery;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.ProviderStatus;
import dev.easel.core.model.RemoteState;
import dev.easel.core.model.RequestId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.port.out.GenerationProvider;

/**
 * Asks the provider about a job it holds, once per call, and journals what changed (QUEUED, RUNNING,
 * the outcome). Says when to ask next: a share of the job's age ({@link PollingPolicy}), shortened to
 * land when this model's jobs typically finish ({@link RunTimes}). A status call that fails for a
 * transient reason changes nothing: the next poll tries again.
 */
final class JobPoller {

    private final GenerationProvider provider;
    private final Journaling journaling;
    private final OutcomeRecorder outcomes;
    private final PollingPolicy polling;
    private final RunTimes runTimes;
    private final Clock clock;
    /** The models whose journaled run times were looked up already (once per model and process). */
    private final Set<ModelId> recalled = ConcurrentHashMap.newKeySet();

    JobPoller(GenerationProvider provider, Journaling journaling, OutcomeRecorder outcomes, PollingPolicy polling,
              RunTimes runTimes, Clock clock) {
        this.provider = provider;
        this.journaling = journaling;
        this.outcomes = outcomes;
        this.polling = polling;
        this.runTimes = runTimes;
        this.clock = clock;
    }

    /**
     * The first time a job of its model is to be polled in this process, what the journal remembers of
     * the model's recent jobs at this provider: a user's next batch, or next `easel generate`, then
     * looks in on its first jobs when they are due, as on the later ones, instead of a tenth of their
     * age apart. A hint only: a journal that cannot be read now leaves it out.
     */
    private void recallOnce(ModelId model) {
        if (!recalled.add(model)) {
            return;
        }
        List<Duration> past = new ArrayList<>();
        try {
            JobQuery stored = JobQuery.newest(2 * RunTimes.KEPT).withModel(model).withStates(Set.of(JobState.STORED));
            for (Job job : journaling.journal().query(stored).jobs()) {
                Optional<Instant> since = job.enteredAt(JobState.SUBMITTED);
                Optional<Instant> succeeded = job.enteredAt(JobState.SUCCEEDED);
                if (job.isFor(provider.name()) && since.isPresent() && succeeded.isPresent() && past.size() < RunTimes.KEPT) {
                    past.add(Duration.between(since.get(), succeeded.get()));
                }
            }
        } catch (RuntimeException unreadable) {
            return;
        }
        Collections.reverse(past);
        runTimes.recall(model, past);
    }

    FollowedJob poll(FollowedJob followed, JobListener listener) {
        Job job = followed.job();
        RequestId id = job.requestId().orElseThrow(() ->
                new IllegalStateException("job " + job.id() + " is at the provider without a request id"));
        Instant polledAt = clock.instant();
        ProviderStatus status;
        try {
            status = provider.status(id);
        } catch (ProviderUnavailableException transientFailure) {
            return followed;
        }
        Instant answeredAt = clock.instant();
        Instant lastUnfinished = followed.lastUnfinished();
        if (status.state() == RemoteState.SUCCEEDED) {
            // The job ended after the last poll that found it unfinished began, and before this one answered;
            // learnt before the listener hears of it, so that the model's other jobs can be polled by it.
            // Only a success says how long the model runs: a quick refusal or cancel would pull every
            // sibling's poll forward for nothing.
            runTimes.record(job.request().model(), Duration.between(followed.since(), lastUnfinished),
                    Duration.between(followed.since(), answeredAt));
        } else if (!status.state().isFinished()) {
            lastUnfinished = polledAt;
        }
        listener.onStatus(job, status);
        Job next = switch (status.state()) {
            case QUEUED -> job.state() == JobState.SUBMITTED ? moveTo(job, JobState.QUEUED, listener) : job;
            case RUNNING -> job.state() != JobState.RUNNING ? moveTo(job, JobState.RUNNING, listener) : job;
            case SUCCEEDED, FAILED, CANCELLED -> outcome(job, id, listener);
            default -> job;
        };
        return new FollowedJob(next, followed.since(), lastUnfinished);
    }

    /**
     * How long to wait before the next poll of a job the provider holds: the policy's share of its
     * age. Once the model's typical run time is known: before the job is due, half the time left
     * (at least the policy's wait, at most its ceiling), so a job that ends early is still seen soon
     * while one that ends when expected costs a few calls; from when it is due, every
     * {@link PollingPolicy#nearDueWait} until it is well past due.
     */
    Duration nextWait(FollowedJob followed) {
        ModelId model = followed.job().request().model();
        recallOnce(model);
        Duration age = Duration.between(followed.since(), clock.instant());
        Duration wait = polling.waitAfter(age);
        Optional<Duration> typical = runTimes.typical(model);
        if (typical.isEmpty()) {
            return wait;
        }
        Duration learnt = waitUntilDue(typical.get(), age, wait);
        // Recalled from earlier runs only, a hint that may be far off (a job finished by a later
        // `easel result` took hours by its records): it may bring a poll forward, never put one off.
        return runTimes.recalledOnly(model) ? min(learnt, wait) : learnt;
    }

    private Duration waitUntilDue(Duration due, Duration age, Duration wait) {
        if (age.compareTo(due) < 0) {
            Duration untilDue = due.minus(age);
            Duration half = min(max(untilDue.dividedBy(2), wait), polling.ceiling());
            return untilDue.minus(half).compareTo(wait) < 0 ? max(untilDue, SOONEST) : half;
        }
        boolean nearDue = age.compareTo(due.plus(due.dividedBy(4))) < 0;
        Duration often = polling.nearDueWait(due);
        return nearDue && often.compareTo(wait) < 0 ? often : wait;
    }

    /** How long the model's jobs are expected to run, from their submit's answer ({@link RunTimes#expected}). */
    Optional<Duration> expectedRunTime(ModelId model) {
        recallOnce(model);
        return runTimes.expected(model);
    }

    /** Whether this process has seen one of the model's jobs end. */
    boolean runTimeSeen(ModelId model) {
        return runTimes.seenHere(model);
    }

    /** No poll follows another sooner than this. */
    private static final Duration SOONEST = Duration.ofMillis(1);

    private Job outcome(Job job, RequestId id, JobListener listener) {
        try {
            return outcomes.finish(job, provider.result(id), listener);
        } catch (ProviderUnavailableException transientFailure) {
            return job;
        }
    }

    /** QUEUED and RUNNING: no side effect follows them, so they are noted rather than flushed at once. */
    private Job moveTo(Job job, JobState state, JobListener listener) {
        return journaling.note(job.moveTo(state, clock.instant(), ""), listener);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
