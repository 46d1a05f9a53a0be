package dev.easel.core.service;

import dev.easel.core.model.CancelOutcome;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.model.RequestId;
import dev.easel.core.port.in.CancelJobUseCase;
import dev.easel.core.port.in.CancelReport;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.JobJournal;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Cancels by job id or request id: a never-sent job in the journal, a job the provider holds at the
 * provider when it can cancel (queued only), and anything else is reported with the reason.
 */
public final class CancelJobService implements CancelJobUseCase {

    private final JobJournal journal;
    private final GenerationProvider provider;
    private final Clock clock;
    private final JobLookup lookup;

    public CancelJobService(JobJournal journal, GenerationProvider provider, Clock clock) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lookup = new JobLookup(journal);
    }

    @Override
    public boolean cancellable(Job job) {
        return switch (job.state()) {
            case PENDING -> true;
            case SUBMITTED, QUEUED -> provider.cancellation().isPresent();
            default -> false;
        };
    }

    @Override
    public CancelReport cancel(String jobOrRequestId) {
        Optional<Job> found = lookup.find(jobOrRequestId);
        if (found.isEmpty()) {
            if (JobId.looksLikeJobId(jobOrRequestId.trim())) {
                lookup.require(jobOrRequestId);
            }
            RequestId request = RequestId.of(jobOrRequestId.trim());
            CancelOutcome outcome = atProvider(request);
            return new CancelReport(Optional.empty(), outcome, outcome == CancelOutcome.CANCELLED
                    ? "request " + request + " was cancelled at the provider"
                    : "request " + request + " cannot be cancelled: " + whyNot());
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

    private CancelOutcome atProvider(RequestId request) {
        return provider.cancellation().map(c -> c.cancel(request)).orElse(CancelOutcome.NOT_CANCELLABLE);
    }

    private String whyNot() {
        return provider.cancellation().isPresent() ? "it is already running or finished" : "this provider cannot cancel jobs";
    }

    private CancelReport cancelAtProvider(Job job) {
        RequestId request = job.requestId().orElseThrow(() ->
                new IllegalStateException("job " + job.id() + " is at the provider without a request id"));
        if (atProvider(request) == CancelOutcome.CANCELLED) {
            return cancelled(job, "job " + job.id() + " (request " + request + ") was cancelled", "cancelled at the provider");
        }
        String why = provider.cancellation().isPresent() ? "is already running and cannot be cancelled"
                : "cannot be cancelled: this provider cannot cancel jobs";
        return new CancelReport(Optional.of(job), CancelOutcome.NOT_CANCELLABLE, "job " + job.id() + " (request "
                + request + ") " + why + "; it stays journaled, and resuming it stores its images");
    }

    private CancelReport cancelled(Job job, String message, String note) {
        Job cancelled = job.moveTo(JobState.CANCELLED, clock.instant(), note);
        journal.record(cancelled);
        return new CancelReport(Optional.of(cancelled), CancelOutcome.CANCELLED, message);
    }
}
