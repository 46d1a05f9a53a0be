package dev.easel.core.service;

import dev.easel.core.error.AuthenticationException;
import dev.easel.core.error.ConfigurationException;
import dev.easel.core.error.EaselException;
import dev.easel.core.error.InsufficientBalanceException;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.Violation;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs batches. Every item is validated before the first submit. Each item's idempotency key finds
 * what an earlier run did with it: stored items are not generated again, items under way are driven
 * on (never resubmitted), items whose submit had an unknown outcome are reported, and failed ones
 * are tried again. A refused token or an empty balance stops the batch: the items not yet started
 * are not sent.
 */
public final class BatchService implements RunBatchUseCase {

    private final GenerationService generation;
    private final JobJournal journal;
    private final Clock clock;

    public BatchService(GenerationService generation, JobJournal journal, Clock clock) {
        this.generation = Objects.requireNonNull(generation, "generation");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<Violation> check(List<BatchItem> items) {
        Map<BatchItem, GenerationRequest> valid = new HashMap<>();
        Map<BatchItem, InvalidRequestException> invalid = new HashMap<>();
        validate(items, valid, invalid);
        return lineViolations(items, invalid);
    }

    private void validate(List<BatchItem> items, Map<BatchItem, GenerationRequest> valid,
                          Map<BatchItem, InvalidRequestException> invalid) {
        for (BatchItem item : items) {
            try {
                valid.put(item, generation.validate(new GenerateCommand(item.model(), item.inputs(), null)));
            } catch (InvalidRequestException e) {
                invalid.put(item, e);
            } catch (dev.easel.core.error.UnknownModelException e) {
                invalid.put(item, InvalidRequestException.of("model", item.model().value(), e.getMessage()));
            }
        }
    }

    @Override
    public List<BatchOutcome> run(BatchCommand command, BatchListener listener) {
        Map<BatchItem, GenerationRequest> valid = new HashMap<>();
        Map<BatchItem, InvalidRequestException> invalid = new HashMap<>();
        validate(command.items(), valid, invalid);
        if (!invalid.isEmpty() && !command.skipInvalid()) {
            throw new InvalidRequestException(lineViolations(command.items(), invalid));
        }
        Map<BatchItem, Job> work = journalNewItems(command.items(), valid, command.force());
        listener.onStart(command.items().size(), valid.size());

        AtomicReference<EaselException> stop = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(command.concurrency(), Math.max(1, valid.size())),
                runnable -> {
                    Thread thread = new Thread(runnable, "easel-batch");
                    thread.setDaemon(true);
                    return thread;
                });
        List<Future<BatchOutcome>> running = new ArrayList<>();
        try {
            for (BatchItem item : command.items()) {
                if (invalid.containsKey(item)) {
                    BatchOutcome skipped = new BatchOutcome(item, BatchOutcome.Kind.INVALID, Optional.empty(),
                            invalid.get(item).getMessage());
                    listener.onDone(skipped);
                    running.add(java.util.concurrent.CompletableFuture.completedFuture(skipped));
                    continue;
                }
                Job job = work.get(item);
                running.add(pool.submit(() -> {
                    BatchOutcome outcome = runOne(item, job, command, listener, stop);
                    listener.onDone(outcome);
                    return outcome;
                }));
            }
            List<BatchOutcome> outcomes = new ArrayList<>();
            for (Future<BatchOutcome> future : running) {
                outcomes.add(future.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the batch was interrupted; its jobs stay journaled", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a batch worker failed unexpectedly: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Journals every item that has no job yet as PENDING, before anything is submitted, so that a
     * crash at any moment leaves every line either never journaled (nothing was sent) or known to
     * the journal, where resume finds it. Items whose line a job already holds (stored, or under way
     * in this run or another) get that job: the journal decides atomically, so runs of one file
     * started together pay once per line. With {@code force}, every item gets a new job.
     */
    private Map<BatchItem, Job> journalNewItems(List<BatchItem> items, Map<BatchItem, GenerationRequest> valid,
                                                boolean force) {
        List<BatchItem> wanted = new ArrayList<>();
        List<Job> fresh = new ArrayList<>();
        for (BatchItem item : items) {
            GenerationRequest request = valid.get(item);
            if (request != null) {
                Instant now = clock.instant();
                wanted.add(item);
                fresh.add(Job.pending(JobId.next(now), request, now, item.key()));
            }
        }
        List<Job> holders;
        if (force) {
            journal.recordAll(fresh);
            holders = fresh;
        } else {
            holders = journal.recordUnlessKeyHeld(fresh);
        }
        Map<BatchItem, Job> work = new HashMap<>();
        for (int i = 0; i < wanted.size(); i++) {
            work.put(wanted.get(i), holders.get(i));
        }
        return work;
    }

    private BatchOutcome runOne(BatchItem item, Job job, BatchCommand command, BatchListener listener,
                                AtomicReference<EaselException> stop) {
        if (job.state() == JobState.STORED) {
            return new BatchOutcome(item, BatchOutcome.Kind.ALREADY_STORED, Optional.of(job),
                    "already stored by job " + job.id());
        }
        if (job.state() == JobState.SUBMITTING) {
            return new BatchOutcome(item, BatchOutcome.Kind.UNKNOWN, Optional.of(job), "job " + job.id()
                    + " was sent by an earlier run with an unknown outcome; not sent again (use --force to send it)");
        }
        if (stop.get() != null) {
            return new BatchOutcome(item, BatchOutcome.Kind.NOT_STARTED, Optional.of(job),
                    "not started (job " + job.id() + " stays journaled): " + stop.get().getMessage());
        }
        JobListener relay = new JobListener() {
            @Override
            public void onChange(Job changed) {
                listener.onChange(item, changed);
            }
        };
        try {
            relay.onChange(job);
            return outcomeOf(item, generation.drive(job, clock.instant().plus(command.timeout()), relay));
        } catch (AuthenticationException | InsufficientBalanceException | ConfigurationException fatal) {
            stop.compareAndSet(null, fatal);
            return new BatchOutcome(item, BatchOutcome.Kind.FAILED, Optional.empty(), fatal.getMessage());
        } catch (dev.easel.core.error.SubmissionOutcomeUnknownException unknown) {
            return new BatchOutcome(item, BatchOutcome.Kind.UNKNOWN, Optional.empty(), unknown.getMessage());
        } catch (EaselException failed) {
            return new BatchOutcome(item, BatchOutcome.Kind.FAILED, Optional.empty(), failed.getMessage());
        }
    }

    private static BatchOutcome outcomeOf(BatchItem item, Job job) {
        if (job.state() == JobState.STORED) {
            return new BatchOutcome(item, BatchOutcome.Kind.STORED, Optional.of(job), "");
        }
        if (job.state().isTerminal()) {
            return new BatchOutcome(item, BatchOutcome.Kind.FAILED, Optional.of(job),
                    job.state().name().toLowerCase(java.util.Locale.ROOT) + (job.note().isEmpty() ? "" : ": " + job.note()));
        }
        return new BatchOutcome(item, BatchOutcome.Kind.UNFINISHED, Optional.of(job), "still "
                + job.state().name().toLowerCase(java.util.Locale.ROOT) + " when the timeout passed; resumable");
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
