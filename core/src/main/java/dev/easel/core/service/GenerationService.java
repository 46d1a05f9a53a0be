package dev.easel.core.service;

import dev.easel.core.error.OutputExpiredException;
import dev.easel.core.error.OutputInterruptedException;
import dev.easel.core.error.ProviderUnavailableException;
import dev.easel.core.error.StorageException;
import dev.easel.core.error.SubmissionOutcomeUnknownException;
import dev.easel.core.image.Provenance;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ModelDescription;
import dev.easel.core.model.ProviderResult;
import dev.easel.core.model.ProviderStatus;
import dev.easel.core.model.RemoteState;
import dev.easel.core.model.RequestId;
import dev.easel.core.model.StoredImage;
import dev.easel.core.model.Submission;
import dev.easel.core.port.in.GenerateCommand;
import dev.easel.core.port.in.GenerateImageUseCase;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.port.in.SubmitJobUseCase;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.JobRecords;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.port.out.ModelCatalog;
import dev.easel.core.port.out.NewImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The generation flow: validate → journal PENDING → submit → journal SUBMITTED → poll with back-off →
 * result → stream each output into the store → journal STORED. Every state is journaled before the
 * side effect that follows it, so whatever happens a journaled job can be driven on from where it
 * stopped ({@link #drive}).
 */
public final class GenerationService implements GenerateImageUseCase, SubmitJobUseCase {

    /** Larger than any output of today's image models (a 3K PNG is about 30 MB). */
    public static final long DEFAULT_MAX_IMAGE_BYTES = 200L * 1024 * 1024;

    /** How many times one output is downloaded before a broken download counts as a failure. */
    static final int DOWNLOAD_ATTEMPTS = 5;

    private final ModelCatalog catalog;
    private final GenerationProvider provider;
    private final ImageStore store;
    private final JobRecords records;
    private final JobJournal journal;
    private final Clock clock;
    private final Sleeper sleeper;
    private final PollingPolicy polling;
    private final long maxImageBytes;
    private final RunTimes runTimes = new RunTimes();

    public GenerationService(ModelCatalog catalog, GenerationProvider provider, ImageStore store, JobRecords records,
                             JobJournal journal,
                             Clock clock, Sleeper sleeper, PollingPolicy polling, long maxImageBytes) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.store = Objects.requireNonNull(store, "store");
        this.records = Objects.requireNonNull(records, "records");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.polling = Objects.requireNonNull(polling, "polling");
        if (maxImageBytes < 1) {
            throw new IllegalArgumentException("maxImageBytes must be positive, got " + maxImageBytes);
        }
        this.maxImageBytes = maxImageBytes;
    }

    @Override
    public Job generate(GenerateCommand command, JobListener listener) {
        GenerationRequest request = validate(command);
        Instant now = clock.instant();
        Job job = record(Job.pending(JobId.next(now), request, now), listener);
        return drive(job, now.plus(command.timeout()), listener);
    }

    @Override
    public Job submit(GenerateCommand command, JobListener listener) {
        GenerationRequest request = validate(command);
        Instant now = clock.instant();
        Job pending = record(Job.pending(JobId.next(now), request, now), listener);
        return submit(pending, listener).orElseGet(() -> journal.find(pending.id()).orElse(pending));
    }

    /** Checks a command against its model's schema without journaling or submitting anything. */
    public GenerationRequest validate(GenerateCommand command) {
        ModelDescription model = catalog.find(command.model())
                .orElseThrow(() -> ModelService.unknown(catalog, command.model()));
        return GenerationRequest.validated(model.inputs(), command.inputs());
    }

    /**
     * Moves a journaled job on until it ends or {@code deadline} passes: submits it if it was never
     * sent, follows it while the provider holds it, stores its outputs once it succeeded.
     */
    public Job drive(Job job, Instant deadline, JobListener listener) {
        Job current = job;
        if (current.state() == JobState.PENDING) {
            Optional<Job> claimed = submit(current, listener);
            if (claimed.isEmpty()) {
                // Another process sharing the journal submitted it first: it drives it on.
                return journal.find(current.id()).orElse(current);
            }
            current = claimed.get();
        }
        if (current.state().isAtProvider()) {
            current = follow(current, deadline, listener);
        }
        if (current.state() == JobState.SUCCEEDED) {
            current = storeOutputs(current, listener);
        }
        return current;
    }

    /** Claims the job in the journal and submits it; empty when another process claimed it first. */
    private Optional<Job> submit(Job job, JobListener listener) {
        Job sending = job.moveTo(JobState.SUBMITTING, clock.instant(), "");
        if (!journal.recordIfUnchanged(job, sending)) {
            return Optional.empty();
        }
        listener.onChange(sending);
        Submission answer;
        try {
            answer = provider.submit(sending.request());
        } catch (SubmissionOutcomeUnknownException unknown) {
            // The provider may have created (and will bill) the job: it stays SUBMITTING in the
            // journal and is never resubmitted blindly.
            throw new SubmissionOutcomeUnknownException("job " + job.id() + " is journaled as submitting, outcome unknown: "
                    + unknown.getMessage(), unknown);
        } catch (RuntimeException refused) {
            record(sending.moveTo(JobState.FAILED, clock.instant(), refused.getMessage()), listener);
            throw refused;
        }
        Job submitted = sending.submitted(answer.id(), clock.instant());
        if (answer instanceof Submission.Finished finished) {
            // One journal write carries both moves: the outcome came with the answer.
            return Optional.of(finish(submitted, finished.result(), listener));
        }
        return Optional.of(record(submitted, listener));
    }

    private Job follow(Job job, Instant deadline, JobListener listener) {
        RequestId id = job.requestId().orElseThrow(() ->
                new IllegalStateException("job " + job.id() + " is at the provider without a request id"));
        Job current = job;
        Instant since = job.enteredAt(JobState.SUBMITTED).orElse(clock.instant());
        Instant lastUnfinished = since;
        while (true) {
            Instant polledAt = clock.instant();
            ProviderStatus status = pollQuietly(current, id, listener);
            if (status != null) {
                if (status.state().isFinished()) {
                    // The job ended between the last two polls: take the middle as its run time.
                    runTimes.record(current.request().model(),
                            Duration.between(since, lastUnfinished).plus(Duration.between(lastUnfinished, polledAt).dividedBy(2)));
                } else {
                    lastUnfinished = polledAt;
                }
                current = advance(current, id, status.state(), listener);
                if (!current.state().isAtProvider()) {
                    return current;
                }
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                return current;
            }
            Duration wait = nextWait(current, Duration.between(since, now));
            Duration untilDeadline = Duration.between(now, deadline);
            try {
                sleeper.sleep(wait.compareTo(untilDeadline) < 0 ? wait : untilDeadline);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return current;
            }
        }
    }

    /**
     * The policy's wait, shortened to land on the moment jobs of this model typically finish; just
     * after that moment, the minimum wait, until the typical time is well passed.
     */
    private Duration nextWait(Job job, Duration age) {
        Duration wait = polling.waitAfter(age);
        Optional<Duration> typical = runTimes.typical(job.request().model());
        if (typical.isEmpty()) {
            return wait;
        }
        Duration due = typical.get();
        if (age.compareTo(due) < 0) {
            Duration untilDue = due.minus(age);
            return untilDue.compareTo(wait) < 0 ? max(untilDue, polling.minimum()) : wait;
        }
        boolean justPast = age.compareTo(due.plus(due.dividedBy(4))) < 0;
        return justPast ? polling.minimum() : wait;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** A status, or null when the provider could not be reached this time: the next poll tries again. */
    private ProviderStatus pollQuietly(Job job, RequestId id, JobListener listener) {
        try {
            ProviderStatus status = provider.status(id);
            listener.onStatus(job, status);
            return status;
        } catch (ProviderUnavailableException transientFailure) {
            return null;
        }
    }

    private Job advance(Job job, RequestId id, RemoteState remote, JobListener listener) {
        switch (remote) {
            case QUEUED:
                return job.state() == JobState.SUBMITTED ? record(job.moveTo(JobState.QUEUED, clock.instant(), ""), listener) : job;
            case RUNNING:
                return job.state() != JobState.RUNNING ? record(job.moveTo(JobState.RUNNING, clock.instant(), ""), listener) : job;
            case SUCCEEDED:
            case FAILED:
            case CANCELLED:
                try {
                    return finish(job, provider.result(id), listener);
                } catch (ProviderUnavailableException transientFailure) {
                    return job;
                }
            default:
                return job;
        }
    }

    private Job finish(Job job, ProviderResult result, JobListener listener) {
        Instant now = clock.instant();
        switch (result.state()) {
            case SUCCEEDED:
                if (result.outputs().isEmpty()) {
                    return record(job.moveTo(JobState.FAILED, now, "the provider reported success but returned no output"), listener);
                }
                return record(job.succeeded(result.outputs(), result.cost().orElse(null), now, result.error().orElse("")), listener);
            case FAILED:
                return record(job.moveTo(JobState.FAILED, now,
                        result.error().orElse("the provider reported a failure without a reason")), listener);
            case CANCELLED:
                return record(job.moveTo(JobState.CANCELLED, now, "cancelled at the provider"), listener);
            default:
                // The status said finished but the result does not yet: poll again.
                return job;
        }
    }

    private Job storeOutputs(Job job, JobListener listener) {
        LocalDate day = LocalDate.ofInstant(job.createdAt(), clock.getZone());
        List<StoredImage> images = new ArrayList<>();
        List<URI> outputs = job.outputUrls();
        for (int i = 0; i < outputs.size(); i++) {
            NewImage target = new NewImage(job.id(), i + 1, day, job.request(), maxImageBytes);
            try {
                images.add(download(target, outputs.get(i)));
            } catch (OutputExpiredException expired) {
                return record(job.moveTo(JobState.EXPIRED, clock.instant(), expired.getMessage()), listener);
            } catch (StorageException notStored) {
                throw new StorageException("job " + job.id() + " finished but output " + (i + 1) + " could not be stored: "
                        + notStored.getMessage() + ". The job stays journaled as succeeded; resuming it stores it",
                        notStored);
            }
        }
        Job stored = job.stored(images, clock.instant());
        records.put(stored);
        record(stored, listener);
        provider.release(outputs);
        return stored;
    }

    /**
     * Streams one output into the store, with how it was made written into it, opening it again
     * when the download broke half-way.
     */
    private StoredImage download(NewImage target, URI output) {
        String provenance = Provenance.json(target.job(), target.request());
        for (int attempt = 1; ; attempt++) {
            try (InputStream content = provider.openOutput(output)) {
                return store.put(target, Provenance.embed(content, provenance));
            } catch (StorageException failed) {
                if (!(failed.getCause() instanceof OutputInterruptedException) || attempt >= DOWNLOAD_ATTEMPTS) {
                    throw failed;
                }
            } catch (OutputInterruptedException broken) {
                if (attempt >= DOWNLOAD_ATTEMPTS) {
                    throw new StorageException("could not download " + output + ": " + broken.getMessage(), broken);
                }
            } catch (IOException failed) {
                throw new StorageException("could not read the download of " + output + ": " + failed.getMessage(), failed);
            }
        }
    }

    private Job record(Job job, JobListener listener) {
        journal.record(job);
        listener.onChange(job);
        return job;
    }
}
