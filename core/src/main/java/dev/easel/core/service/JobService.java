package dev.easel.core.service;

import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.JobNotFoundException;
import dev.easel.core.model.CancelOutcome;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobPage;
import dev.easel.core.model.JobQuery;
import dev.easel.core.model.JobState;
import dev.easel.core.model.RequestId;
import dev.easel.core.port.in.CancelJobUseCase;
import dev.easel.core.port.in.CancelReport;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.port.in.TrackJobsUseCase;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.JobJournal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** Acts on journaled jobs by id: list, status, result, cancel, and resume them all. */
public final class JobService implements CancelJobUseCase, TrackJobsUseCase {

    private final JobJournal journal;
    private final GenerationProvider provider;
    private final GenerationService generation;
    private final Clock clock;

    public JobService(JobJournal journal, GenerationProvider provider, GenerationService generation, Clock clock) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.generation = Objects.requireNonNull(generation, "generation");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public JobPage search(JobQuery query) {
        return journal.query(query);
    }

    @Override
    public Job job(String jobOrRequestId) {
        return require(jobOrRequestId);
    }

    @Override
    public JobStatus status(String jobOrRequestId) {
        Job job = require(jobOrRequestId);
        if (!job.state().isAtProvider()) {
            return new JobStatus(job, Optional.empty());
        }
        return new JobStatus(job, Optional.of(provider.status(job.requestId().orElseThrow())));
    }

    @Override
    public Job result(String jobOrRequestId, Duration timeout, JobListener listener) {
        Job job = require(jobOrRequestId);
        if (job.state().isAtProvider() || job.state() == JobState.SUCCEEDED) {
            return generation.drive(job, clock.instant().plus(timeout), listener);
        }
        return job;
    }

    @Override
    public List<Job> resume(int concurrency, Duration timeout, JobListener listener) {
        List<Job> unfinished = journal.orphans(Integer.MAX_VALUE).stream().filter(j -> journal.follow(j.id())).toList();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, Math.max(1, unfinished.size()))),
                runnable -> {
                    Thread thread = new Thread(runnable, "easel-resume");
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            Instant deadline = clock.instant().plus(timeout);
            List<Future<Job>> running = new ArrayList<>();
            for (Job job : unfinished) {
                running.add(pool.submit(() -> job.state() == JobState.SUBMITTING ? job : generation.drive(job, deadline, listener)));
            }
            List<Job> ended = new ArrayList<>();
            for (Future<Job> future : running) {
                ended.add(future.get());
            }
            return ended;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("resume was interrupted; the jobs stay journaled", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("a resume worker failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Job require(String jobOrRequestId) {
        return find(jobOrRequestId).orElseThrow(() -> new JobNotFoundException("no journaled job has the id "
                + jobOrRequestId.trim() + " (an Easel job id or a provider request id); `easel jobs` lists them"));
    }

    /** The journaled job with this Easel job id or provider request id. */
    public Optional<Job> find(String jobOrRequestId) {
        String id = jobOrRequestId == null ? "" : jobOrRequestId.trim();
        if (JobId.looksLikeJobId(id)) {
            return journal.find(JobId.of(id));
        }
        try {
            return journal.findByRequestId(RequestId.of(id));
        } catch (InvalidRequestException notAnId) {
            throw new JobNotFoundException("\"" + jobOrRequestId + "\" is neither an Easel job id"
                    + " (such as 20261121-053812-k3f9qa) nor a provider request id");
        }
    }

    @Override
    public CancelReport cancel(String jobOrRequestId) {
        Optional<Job> found = find(jobOrRequestId);
        if (found.isEmpty()) {
            if (JobId.looksLikeJobId(jobOrRequestId.trim())) {
                require(jobOrRequestId);
            }
            RequestId request = RequestId.of(jobOrRequestId.trim());
            CancelOutcome outcome = provider.cancellation().map(c -> c.cancel(request)).orElse(CancelOutcome.NOT_CANCELLABLE);
            return new CancelReport(Optional.empty(), outcome, outcome == CancelOutcome.CANCELLED
                    ? "request " + request + " was cancelled at the provider"
                    : "request " + request + " cannot be cancelled: it is running or finished");
        }
        Job job = found.get();
        return switch (job.state()) {
            case PENDING -> cancelled(job, "job " + job.id() + " was never sent; cancelled", "cancelled before it was sent");
            case SUBMITTING -> cancelled(job, "job " + job.id() + " was cancelled in the journal; its submission outcome"
                    + " is unknown, so check the provider's dashboard: it may have run", "abandoned while its outcome was unknown");
            case SUBMITTED, QUEUED, RUNNING -> cancelAtProvider(job);
            case SUCCEEDED -> new CancelReport(found, CancelOutcome.NOT_CANCELLABLE, "job " + job.id()
                    + " already finished at the provider; resuming it stores its images");
            default -> new CancelReport(found, CancelOutcome.NOT_CANCELLABLE, "job " + job.id() + " already ended: "
                    + job.state().name().toLowerCase(Locale.ROOT));
        };
    }

    private CancelReport cancelAtProvider(Job job) {
        RequestId request = job.requestId().orElseThrow(() ->
                new IllegalStateException("job " + job.id() + " is at the provider without a request id"));
        if (provider.cancellation().map(c -> c.cancel(request)).orElse(CancelOutcome.NOT_CANCELLABLE) == CancelOutcome.CANCELLED) {
            return cancelled(job, "job " + job.id() + " (request " + request + ") was cancelled", "cancelled at the provider");
        }
        return new CancelReport(Optional.of(job), CancelOutcome.NOT_CANCELLABLE, "job " + job.id() + " (request "
                + request + ") is already running and cannot be cancelled; it stays journaled, and resuming it"
                + " stores its images");
    }

    private CancelReport cancelled(Job job, String message, String note) {
        Job cancelled = job.moveTo(JobState.CANCELLED, clock.instant(), note);
        journal.record(cancelled);
        return new CancelReport(Optional.of(cancelled), CancelOutcome.CANCELLED, message);
    }
}
