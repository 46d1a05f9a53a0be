package dev.easel.core.port.in;

import dev.easel.core.model.Job;

/**
 * Generate and wait: validate, journal, submit, follow the job, download its outputs into the store,
 * journal them. Returns the job as it ended: {@code STORED}, or {@code FAILED}, {@code CANCELLED} or
 * {@code EXPIRED} with the reason in {@link Job#note()}, or still unfinished when the timeout ran
 * out (it stays journaled and can be resumed).
 *
 * @throws dev.easel.core.error.InvalidRequestException before anything is submitted
 * @throws dev.easel.core.error.UnknownModelException before anything is submitted
 */
public interface GenerateImageUseCase {

    Job generate(GenerateCommand command, JobListener listener);
}
