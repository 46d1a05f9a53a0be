package dev.easel.core.port.in;

/**
 * Cancel one job, named by its Easel job id or its provider request id. Only queued jobs can be
 * cancelled at the provider; a running one answers "not cancellable" and stays resumable.
 *
 * @throws dev.easel.core.error.JobNotFoundException when the id names no journaled job and is no request id
 */
public interface CancelJobUseCase {

    CancelReport cancel(String jobOrRequestId);
}
