package dev.easel.core.service;

import dev.easel.core.error.AuthenticationException;
import dev.easel.core.error.ConfigurationException;
import dev.easel.core.error.EaselException;
import dev.easel.core.error.InsufficientBalanceException;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.SubmissionOutcomeUnknownException;
import dev.easel.core.error.UnknownModelException;
import dev.easel.core.error.Violation;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ProviderStatus;
import dev.easel.core.port.in.BatchCommand;
import dev.easel.core.port.in.BatchItem;
import dev.easel.core.port.in.BatchListener;
import dev.easel.core.port.in.BatchOutcome;
import dev.easel.core.port.in.GenerateCommand;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.port.in.RunBatchUseCase;
import dev.easel.core.port.out.JobJournal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs batches. Every item is validated before the first submit. Each item's idempotency key finds
 * what an earlier run did with it: stored items are not generated again, items under way are driven
 * on (never resubmitted), items whose submit had an unknown outcome are reported, and failed ones
 * are tried again. A refused token or an empty balance stops the batch: the items not yet started
 * are not sent.
 */
public final class BatchService implements RunBatchUseCase {

    private final RequestValidator validator;
    private final JobScheduler scheduler;
    private final JobJournal journal;
    private final Clock clock;
    private final LeasedFollow leased;

    public BatchService(RequestValidator validator, JobScheduler scheduler, JobJournal journal, Clock clock) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.leased = new LeasedFollow(journal, scheduler, clock);
    }

    @Override
    public List<Violation> check(List<BatchItem> items) {
        Map<BatchItem, GenerationRequest> valid = new IdentityHashMap<>();
        Map<BatchItem, InvalidRequestException> invalid = new IdentityHashMap<>();
        validate(items, valid, invalid);
        return lineViolations(items, invalid);
    }

    private void validate(List<BatchItem> items, Map<BatchItem, GenerationRequest> valid,
                          Map<BatchItem, InvalidRequestException> invalid) {
        for (BatchItem item : items) {
            try {
                valid.put(item, validator.validate(new GenerateCommand(item.model(), item.inputs(), null)));
            } catch (InvalidRequestException e) {
                invalid.put(item, e);
            } catch (UnknownModelException e) {
                invalid.put(item, InvalidRequestException.of("model", item.model().value(), e.getMessage()));
            }
        }
    }

    @Override
    public List<BatchOutcome> run(BatchCommand command, BatchListener listener) {
        // By identity: each item is its own line, and hashing an item hashes all its inputs.
        Map<BatchItem, GenerationRequest> valid = new IdentityHashMap<>();
        Map<BatchItem, InvalidRequestException> invalid = new IdentityHashMap<>();
        validate(command.items(), valid, invalid);
        if (!invalid.isEmpty()) {
            List<Violation> problems = lineViolations(command.items(), invalid);
            if (!command.skipInvalid()) {
                throw new InvalidRequestException(problems);
            }
            listener.onInvalid(problems);
        }
        Set<JobId> fresh = new HashSet<>();
        Map<BatchItem, Job> made = newJobs(command.items(), valid, fresh);
        // The first wave's lines are journaled first and go out at once; the rest are journaled once
        // the first wave's jobs are claimed (so that their claims do not wait for the rest's write),
        // long before any of them can take a slot.
        List<BatchItem> wanted = command.items().stream().filter(made::containsKey).toList();
        List<BatchItem> firstWave = wanted.subList(0, Math.min(command.concurrency(), wanted.size()));
        Map<BatchItem, Job> work = journal(firstWave, made, command.force());
        listener.onStart(command.items().size(), valid.size());

        AtomicReference<EaselException> stop = new AtomicReference<>();
        Map<BatchItem, CompletableFuture<Void>> claimed = new IdentityHashMap<>();
        firstWave.forEach(item -> claimed.put(item, new CompletableFuture<>()));
        CompletableFuture<Map<BatchItem, Job>> restJournaled = new CompletableFuture<>();
        CompletableFuture<List<CompletableFuture<BatchOutcome>>> all = Window.eachFreeing(command.items(), command.concurrency(), item -> {
            Window.Started<BatchOutcome> outcome;
            if (invalid.containsKey(item)) {
                outcome = ended(new BatchOutcome(item, BatchOutcome.Kind.INVALID, Optional.empty(), invalid.get(item).getMessage()));
            } else if (work.containsKey(item)) {
                outcome = start(item, work.get(item), fresh, command, listener, stop, claimed.get(item));
            } else {
                outcome = once(restJournaled, journaled -> start(item, journaled.get(item), fresh, command, listener, stop,
                        new CompletableFuture<>()), error -> failed(item, error, stop));
            }
            return new Window.Started<>(outcome.result().thenApply(ended -> {
                listener.onDone(ended);
                return ended;
            }), outcome.slotFreed());
        });
        List<BatchItem> rest = wanted.subList(firstWave.size(), wanted.size());
        CompletableFuture.allOf(claimed.values().toArray(CompletableFuture[]::new)).thenRun(() -> {
            Runnable journalRest = () -> {
                try {
                    restJournaled.complete(journal(rest, made, command.force()));
                } catch (RuntimeException failed) {
                    restJournaled.completeExceptionally(failed);
                }
            };
            try {
                // On a call worker: not on the one whose claim came last, whose submit goes out meanwhile.
                scheduler.soon(journalRest);
            } catch (RuntimeException refused) {
                restJournaled.completeExceptionally(refused);
            }
        });
        return all.join().stream().map(CompletableFuture::join).toList();
    }

    /** A new PENDING job for each valid item, made for this run: its id joins {@code madeHere}. */
    private Map<BatchItem, Job> newJobs(List<BatchItem> items, Map<BatchItem, GenerationRequest> valid, Set<JobId> madeHere) {
        Map<BatchItem, Job> made = new IdentityHashMap<>();
        for (BatchItem item : items) {
            GenerationRequest request = valid.get(item);
            if (request != null) {
                Instant now = clock.instant();
                Job job = Job.pending(JobId.next(now), request, now, item.key()).madeFor(scheduler.providerName());
                made.put(item, job);
                madeHere.add(job.id());
            }
        }
        return made;
    }

    /**
     * Journals the items' new jobs as PENDING in one write, before anything is sent for them, so that
     * a crash at any moment leaves every line either never journaled (nothing was sent for it) or
     * known to the journal, where resume finds it. Items whose line a job already holds (stored, or
     * under way in this run or another) get that job: the journal decides atomically, so runs of one
     * file started together pay once per line. With {@code force}, every item gets its new job.
     */
    private Map<BatchItem, Job> journal(List<BatchItem> items, Map<BatchItem, Job> made, boolean force) {
        List<Job> fresh = items.stream().map(made::get).toList();
        List<Job> holders;
        if (force) {
            journal.recordAll(fresh);
            holders = fresh;
        } else {
            holders = journal.recordUnlessKeyHeld(fresh);
        }
        Map<BatchItem, Job> work = new IdentityHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            work.put(items.get(i), holders.get(i));
        }
        return work;
    }

    /**
     * Work that starts once {@code before} completes: its result and slot are the work's; if
     * {@code before} fails, the result is {@code instead}'s answer to that failure.
     */
    private static <T> Window.Started<BatchOutcome> once(CompletableFuture<T> before, Function<T, Window.Started<BatchOutcome>> work,
                                                         Function<Throwable, BatchOutcome> instead) {
        CompletableFuture<Window.Started<BatchOutcome>> started = before.thenApply(work);
        CompletableFuture<BatchOutcome> result = started.thenCompose(Window.Started::result).exceptionally(instead);
        return new Window.Started<>(result, started.thenCompose(Window.Started::slotFreed));
    }

    /**
     * Follows the item's job. Its slot of the batch's concurrency frees as soon as the provider has
     * finished the job (a status poll says so, before the result is fetched and journaled) or the job
     * ended otherwise: its result is then fetched and its outputs stored (on the scheduler's store
     * workers) while the next item is submitted, so at most {@code concurrency} jobs are ever at the
     * provider at once, and neither is on the batch's critical path. {@code claimed} completes once a
     * job this run journaled has moved on from PENDING (claimed for its submit, or ended) or will not
     * be sent; at once for a job another run journaled, which that run may be about to claim.
     */
    private Window.Started<BatchOutcome> start(BatchItem item, Job job, Set<JobId> fresh, BatchCommand command,
                                               BatchListener listener, AtomicReference<EaselException> stop,
                                               CompletableFuture<Void> claimed) {
        if (!fresh.contains(job.id())) {
            claimed.complete(null);
        }
        Window.Started<BatchOutcome> started;
        try {
            started = follow(item, job, fresh, command, listener, stop, changed -> {
                if (changed.state() != JobState.PENDING) {
                    claimed.complete(null);
                }
            });
        } catch (RuntimeException | Error failed) {
            // The job will not be sent by this run: the rest of the file must not wait for its claim.
            claimed.complete(null);
            throw failed;
        }
        started.result().whenComplete((outcome, error) -> claimed.complete(null));
        return started;
    }

    private Window.Started<BatchOutcome> follow(BatchItem item, Job job, Set<JobId> fresh, BatchCommand command,
                                                BatchListener listener, AtomicReference<EaselException> stop,
                                                Consumer<Job> onChange) {
        if (job.state() == JobState.STORED) {
            return ended(new BatchOutcome(item, BatchOutcome.Kind.ALREADY_STORED, Optional.of(job),
                    "already stored by job " + job.id()));
        }
        if (job.state() == JobState.SUBMITTING) {
            return ended(new BatchOutcome(item, BatchOutcome.Kind.UNKNOWN, Optional.of(job), "job "
                    + job.id() + " was sent by an earlier run with an unknown outcome; not sent again (use --force to send it)"));
        }
        if (stop.get() != null) {
            return ended(new BatchOutcome(item, BatchOutcome.Kind.NOT_STARTED, Optional.of(job),
                    "not started (job " + job.id() + " stays journaled): " + stop.get().getMessage()));
        }
        CompletableFuture<Void> leftProvider = new CompletableFuture<>();
        JobListener relay = new JobListener() {
            @Override
            public void onStatus(Job polled, ProviderStatus status) {
                // Finished at the provider: the slot goes to the next item while this one's result is
                // fetched and journaled.
                if (status.state().isFinished()) {
                    leftProvider.complete(null);
                }
            }

            @Override
            public void onChange(Job changed) {
                listener.onChange(item, changed);
                onChange.accept(changed);
                if (hasLeftProvider(changed.state())) {
                    leftProvider.complete(null);
                }
            }
        };
        relay.onChange(job);
        // A job this run journaled is leased to it already; one that an earlier or concurrent run
        // journaled is claimed first, or watched while another live process follows it.
        Instant deadline = clock.instant().plus(command.timeout());
        boolean ours = fresh.contains(job.id());
        CompletableFuture<BatchOutcome> outcome = (ours ? scheduler.follow(job, deadline, relay) : leased.follow(job, deadline, relay))
                .handle((ended, error) -> error == null ? outcomeOf(item, ended) : failed(item, error, stop));
        return new Window.Started<>(outcome, leftProvider);
    }

    /** Whether a job in this state no longer counts against the provider: finished there, or ended. */
    private static boolean hasLeftProvider(JobState state) {
        return state == JobState.SUCCEEDED || state.isTerminal();
    }

    private static Window.Started<BatchOutcome> ended(BatchOutcome outcome) {
        return Window.Started.untilDone(CompletableFuture.completedFuture(outcome));
    }

    private static BatchOutcome failed(BatchItem item, Throwable error, AtomicReference<EaselException> stop) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof AuthenticationException || cause instanceof InsufficientBalanceException
                || cause instanceof ConfigurationException) {
            stop.compareAndSet(null, (EaselException) cause);
            return new BatchOutcome(item, BatchOutcome.Kind.FAILED, Optional.empty(), cause.getMessage());
        }
        if (cause instanceof SubmissionOutcomeUnknownException) {
            return new BatchOutcome(item, BatchOutcome.Kind.UNKNOWN, Optional.empty(), cause.getMessage());
        }
        if (cause instanceof EaselException) {
            return new BatchOutcome(item, BatchOutcome.Kind.FAILED, Optional.empty(), cause.getMessage());
        }
        throw new IllegalStateException("a batch job failed unexpectedly: " + cause, cause);
    }

    private static BatchOutcome outcomeOf(BatchItem item, Job job) {
        if (job.state() == JobState.STORED) {
            return new BatchOutcome(item, BatchOutcome.Kind.STORED, Optional.of(job), "");
        }
        if (job.state().isTerminal()) {
            return new BatchOutcome(item, BatchOutcome.Kind.FAILED, Optional.of(job),
                    job.state().name().toLowerCase(Locale.ROOT) + (job.note().isEmpty() ? "" : ": " + job.note()));
        }
        return new BatchOutcome(item, BatchOutcome.Kind.UNFINISHED, Optional.of(job), "still "
                + job.state().name().toLowerCase(Locale.ROOT) + " when the timeout passed; resumable");
    }

    private static List<Violation> lineViolations(List<BatchItem> items, Map<BatchItem, InvalidRequestException> invalid) {
        List<Violation> all = new ArrayList<>();
        for (BatchItem item : items) {
            InvalidRequestException e = invalid.get(item);
            if (e != null) {
                for (Violation v : e.violations()) {
                    all.add(new Violation("line " + item.line() + ": " + v.field(), v.value(), v.problem()));
                }
            }
        }
        return all;
    }
}
