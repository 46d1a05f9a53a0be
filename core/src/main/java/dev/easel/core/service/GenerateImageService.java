package dev.easel.core.service;

import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.port.in.GenerateCommand;
import dev.easel.core.port.in.GenerateImageUseCase;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.port.out.JobJournal;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/** Generate and wait: validate, journal PENDING, then drive the one job on this thread until it ends or times out. */
public final class GenerateImageService implements GenerateImageUseCase {

    private final RequestValidator validator;
    private final JobDriver driver;
    private final JobJournal journal;
    private final Clock clock;

    public GenerateImageService(RequestValidator validator, JobDriver driver, JobJournal journal, Clock clock) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Job generate(GenerateCommand command, JobListener listener) {
        GenerationRequest request = validator.validate(command);
        Instant now = clock.instant();
        Job pending = command.newJob(JobId.next(now), request, now).madeFor(driver.providerName());
        new Journaling(journal).record(pending, listener);
        return driver.drive(pending, now.plus(command.timeout()), listener);
    }
}
