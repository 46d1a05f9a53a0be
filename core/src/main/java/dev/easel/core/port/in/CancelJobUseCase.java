package dev.easel.core.port.in;

import dev.easel.core.model.Job;

/**
 * Cancel one job, named by its Easel job id or its provider request id. Only queued jobs can be
 * cancelled at the provider, and only when it can cancel at all; a running one answers "not
 * cancellable" and stays resumable.
 *
 * @throws dev.easel.core.error.JobNotFoundException when the id names no journaled job and is no request id
 */
public interface CancelJobUseCase {

    CancelReport cancel(String jobOrRequestId);

    /**
     * Whether {@link #cancel} can stop this job now: it was never sent, or the provider holds it
     * queued (or just submitted) and can cancel. The one rule every face shows.
     */
    boolean cancellable(Job job);
}
