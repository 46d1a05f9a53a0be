package dev.easel.core.service;

import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.port.in.GenerateCommand;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.port.in.SubmitJobUseCase;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Submit only: validate, journal the new job as SUBMITTING (one write), submit, and return once the
 * provider has the job (or answered).
 */
public final class SubmitJobService implements SubmitJobUseCase {

    private final RequestValidator validator;
    private final JobDriver driver;
    private final Clock clock;

    public SubmitJobService(RequestValidator validator, JobDriver driver, Clock clock) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Job submit(GenerateCommand command, JobListener listener) {
        GenerationRequest request = validator.validate(command);
        Instant now = clock.instant();
        return driver.submitNew(command.newJob(JobId.next(now), request, now).madeFor(driver.providerName()), listener);
    }
}
