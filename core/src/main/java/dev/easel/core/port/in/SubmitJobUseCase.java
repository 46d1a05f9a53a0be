package dev.easel.core.port.in;

import dev.easel.core.model.Job;

/**
 * Submit only: validate, journal, submit, journal the provider's request id, and return without
 * waiting. The job stays in the journal, where the resume and status use cases find it.
 */
public interface SubmitJobUseCase {

    Job submit(GenerateCommand command, JobListener listener);
}
