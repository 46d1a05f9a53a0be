package dev.easel.core.port.in;

import dev.easel.core.model.HeldJobs;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobPage;
import dev.easel.core.model.JobQuery;
import dev.easel.core.model.ProviderStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Look at journaled jobs, by Easel job id or provider request id, and finish them.
 *
 * @throws dev.easel.core.error.JobNotFoundException when an id names no journaled job
 */
public interface TrackJobsUseCase {

    /** One page of the journaled jobs that match {@code query}, newest first (from the journal's indexes). */
    JobPage search(JobQuery query);

    /** The journaled job as Easel knows it, without asking the provider. */
    Job job(String jobOrRequestId);

    /** The journaled job, and what the provider says of it now when it holds it. */
    JobStatus status(String jobOrRequestId);

    /** The job's images: stores them first if the job finished but they are not stored yet (waiting at most {@code timeout}). */
    Job result(String jobOrRequestId, Duration timeout, JobListener listener);

    /**
     * Follows the job in the background until its images are stored or it ends otherwise, for at
     * most {@code timeout}; no thread waits for it meanwhile. If another live process sharing the
     * journal follows it, the job is watched in the journal rather than followed twice. The future completes with the job as
     * it then is, or with the error that stopped it (the job stays journaled).
     */
    CompletableFuture<Job> follow(String jobOrRequestId, Duration timeout, JobListener listener);

    /**
     * As {@link #follow}, for a job this process has just submitted ({@link SubmitJobUseCase}): it
     * holds the job's lease already, so neither a lookup nor a claim is needed before following it.
     */
    default CompletableFuture<Job> followSubmitted(Job job, Duration timeout, JobListener listener) {
        return follow(job.id().value(), timeout, listener);
    }

    /**
     * Finishes every unfinished job that no live process follows (jobs of a process that died are
     * taken over once its lease runs out): submits those never sent, follows those at the provider,
     * stores those generated but not stored, at most {@code concurrency} at once. Jobs whose
     * submission outcome is unknown are reported, not sent. Returns each job as it ended.
     */
    List<Job> resume(int concurrency, Duration timeout, JobListener listener);

    /**
     * The unfinished jobs {@link #resume} could not take because another process holds their lease
     * (a live one, or one that died less than a lease ago): a running server, or a later resume, takes
     * them once the lease runs out.
     */
    default HeldJobs heldElsewhere() {
        return HeldJobs.NONE;
    }

    /**
     * How many unfinished jobs {@link #resume} left because they were made for another provider, by
     * provider name: {@code easel resume --provider NAME} finishes them.
     */
    default Map<String, Long> leftForOtherProviders() {
        return Map.of();
    }

    /**
     * For a server: takes over, now and then about twice a lease for as long as the returned handle
     * is open, the unfinished jobs that no live process follows (those of a process that died, once
     * its lease ran out, and those left unfinished by commands that ended), at most {@code atOnce}
     * followed at once, each for at most {@code timeout}. A journal without leases (one process) is
     * looked at once, at the start. Jobs whose submission outcome is unknown are never sent again:
     * {@code warnings} hears of them, and of jobs that could not be finished now.
     */
    TakeOver takeOver(int atOnce, Duration timeout, JobListener listener, Consumer<String> warnings);

    /** The takeover of orphaned jobs, until closed (closing stops following the jobs taken over; they stay journaled). */
    interface TakeOver extends AutoCloseable {
        @Override
        void close();
    }

    /** A journaled job and, when the provider holds it, its live status. */
    record JobStatus(Job job, Optional<ProviderStatus> live) {
    }
}
