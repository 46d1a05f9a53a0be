package dev.easel.core.port.in;

import dev.easel.core.model.Job;
import dev.easel.core.model.JobPage;
import dev.easel.core.model.JobQuery;
import dev.easel.core.model.ProviderStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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
     * most {@code timeout}; no thread waits for it meanwhile. The future completes with the job as
     * it then is, or with the error that stopped it (the job stays journaled).
     */
    CompletableFuture<Job> follow(String jobOrRequestId, Duration timeout, JobListener listener);

    /**
     * Finishes every unfinished job that no live process follows (jobs of a process that died are
     * taken over once its lease runs out): submits those never sent, follows those at the provider,
     * stores those generated but not stored, at most {@code concurrency} at once. Jobs whose
     * submission outcome is unknown are reported, not sent. Returns each job as it ended.
     */
    List<Job> resume(int concurrency, Duration timeout, JobListener listener);

    /** A journaled job and, when the provider holds it, its live status. */
    record JobStatus(Job job, Optional<ProviderStatus> live) {
    }
}
