package dev.easel.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.AuthenticationException;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.Violation;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.model.RemoteState;
import dev.easel.core.model.RequestId;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import dev.easel.core.port.in.BatchCommand;
import dev.easel.core.port.in.BatchItem;
import dev.easel.core.port.in.BatchListener;
import dev.easel.core.port.in.BatchOutcome;
import dev.easel.core.testing.InMemoryImageStore;
import dev.easel.core.testing.InMemoryJobRecords;
import dev.easel.core.testing.InMemoryJobJournal;
import dev.easel.core.testing.MutableClock;
import dev.easel.core.testing.ScriptedProvider;
import dev.easel.core.testing.TestCatalog;
import dev.easel.core.testing.TestImages;
import dev.easel.core.testing.VirtualTimer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchServiceTest {

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
    private final ScriptedProvider provider = new ScriptedProvider().statuses(RemoteState.SUCCEEDED)
            .succeedsWith(Map.of(URI.create("https://cdn.runcomfy.net/a.png"), TestImages.png(16, 16)));
    private final InMemoryJobJournal journal = new InMemoryJobJournal();
    private final RequestValidator generation = new RequestValidator(TestCatalog.seedream());
    private final BatchService batches = batchesWith(provider);

    private BatchService batchesWith(ScriptedProvider scripted) {
        JobDriver driver = new JobDriver(scripted, new InMemoryImageStore(), new InMemoryJobRecords(), journal, clock, clock.sleeper(),
                PollingPolicy.DEFAULT, 1_000_000);
        JobScheduler scheduler = new JobScheduler(driver, new VirtualTimer(clock), Runnable::run, Runnable::run,
                new CallBudget(1000, 1000), clock);
        return new BatchService(generation, scheduler, journal, clock);
    }

    private static BatchItem item(int line, Map<String, Object> inputs) {
        return new BatchItem(line, "key-" + line, SeedreamLiteTextToImage.MODEL, inputs);
    }

    private static BatchCommand command(List<BatchItem> items, boolean skipInvalid, boolean force) {
        return new BatchCommand(items, 1, Duration.ofMinutes(1), skipInvalid, force);
    }

    private final List<BatchItem> three = List.of(
            item(1, Map.of("prompt", "one")), item(2, Map.of("prompt", "two")), item(3, Map.of("prompt", "three")));

    @Test
    void runsEveryItemAndKeepsTheirKeys() {
        List<BatchOutcome> outcomes = batches.run(command(three, false, false), BatchListener.NONE);

        assertThat(outcomes).extracting(BatchOutcome::kind).containsOnly(BatchOutcome.Kind.STORED);
        assertThat(outcomes).extracting(o -> o.job().orElseThrow().key().orElseThrow())
                .containsExactly("key-1", "key-2", "key-3");
        assertThat(provider.submitted()).hasSize(3);
    }

    @Test
    void checksEveryLineBeforeSubmittingAnything() {
        List<BatchItem> items = List.of(item(1, Map.of("prompt", "fine")), item(7, Map.of("prompt", "x", "max_images", 16)),
                item(9, Map.of("prompt", "")));

        assertThatThrownBy(() -> batches.run(command(items, false, false), BatchListener.NONE))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).violations()).extracting(Violation::message)
                        .containsExactly("line 7: max_images 16 is not allowed: use an integer from 1 to 15",
                                "line 9: prompt \"\" must not be empty"));
        assertThat(provider.submitted()).isEmpty();
        assertThat(journal.records()).isEmpty();
        assertThat(batches.check(items)).hasSize(2);
    }

    @Test
    void skipsInvalidLinesWhenAsked() {
        List<BatchItem> items = List.of(item(1, Map.of("prompt", "fine")), item(2, Map.of("prompt", "x", "max_images", 0)));

        List<Violation> told = new ArrayList<>();
        List<BatchOutcome> outcomes = batches.run(command(items, true, false), new BatchListener() {
            @Override
            public void onInvalid(List<Violation> problems) {
                assertThat(provider.submitted()).as("told before anything is sent").isEmpty();
                told.addAll(problems);
            }
        });

        assertThat(outcomes).extracting(BatchOutcome::kind).containsExactly(BatchOutcome.Kind.STORED, BatchOutcome.Kind.INVALID);
        assertThat(provider.submitted()).hasSize(1);
        assertThat(told).extracting(Violation::message)
                .containsExactly("line 2: max_images 0 is not allowed: use an integer from 1 to 15");
    }

    @Test
    void aValidBatchIsNotToldOfInvalidLines() {
        List<List<Violation>> told = new ArrayList<>();
        batches.run(command(three, true, false), new BatchListener() {
            @Override
            public void onInvalid(List<Violation> problems) {
                told.add(problems);
            }
        });

        assertThat(told).isEmpty();
    }

    @Test
    void theNextLineStartsAsSoonAsAStatusSaysTheJobFinishedBeforeItsResultIsFetched() {
        List<Integer> linesStarted = java.util.Collections.synchronizedList(new ArrayList<>());
        List<List<Integer>> startedAtFirstResult = new ArrayList<>();
        ScriptedProvider watching = new ScriptedProvider() {
            @Override
            public synchronized dev.easel.core.model.ProviderResult result(RequestId id) {
                if (startedAtFirstResult.isEmpty()) {
                    startedAtFirstResult.add(List.copyOf(linesStarted));
                }
                return super.result(id);
            }
        }.statuses(RemoteState.SUCCEEDED).succeedsWith(Map.of(URI.create("https://cdn.runcomfy.net/a.png"), TestImages.png(8, 8)));
        // Calls run one at a time, when the test says, so that each step's effects can be seen.
        List<Runnable> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        JobDriver driver = new JobDriver(watching, new InMemoryImageStore(), new InMemoryJobRecords(), journal, clock,
                clock.sleeper(), PollingPolicy.DEFAULT, 1_000_000);
        JobScheduler scheduler = new JobScheduler(driver, new VirtualTimer(clock), calls::add, Runnable::run,
                new CallBudget(1000, 1000), clock);
        BatchListener listener = new BatchListener() {
            @Override
            public void onChange(BatchItem item, Job job) {
                if (job.state() == JobState.PENDING) {
                    linesStarted.add(item.line());
                }
            }
        };
        java.util.concurrent.CompletableFuture<List<BatchOutcome>> run = new java.util.concurrent.CompletableFuture<>();
        Thread runner = new Thread(() -> run.complete(new BatchService(generation, scheduler, journal, clock)
                .run(command(three.subList(0, 2), false, false), listener)));
        runner.start();
        dev.easel.core.testing.Await.until("the first line's submit queued, the batch waiting", Duration.ofSeconds(30),
                () -> calls.size() == 1 && runner.getState() == Thread.State.WAITING);
        while (!run.isDone()) {
            dev.easel.core.testing.Await.until("a call to run, or the batch's end", Duration.ofSeconds(30),
                    () -> !calls.isEmpty() || run.isDone());
            if (!calls.isEmpty()) {
                calls.remove(0).run();
            }
        }

        assertThat(run.join()).extracting(BatchOutcome::kind).containsOnly(BatchOutcome.Kind.STORED);
        assertThat(startedAtFirstResult).as("lines started when the first job's result was asked for")
                .containsExactly(List.of(1, 2));
    }

    @Test
    void journalsTheFirstWavesLinesBeforeTheFirstSubmitAndEveryLineBeforeItsOwn() {
        List<Integer> journaledAtEachSubmit = new ArrayList<>();
        List<JobState> ownStateAtItsSubmit = new ArrayList<>();
        ScriptedProvider watching = new ScriptedProvider() {
            @Override
            public synchronized dev.easel.core.model.Submission submit(dev.easel.core.model.GenerationRequest request) {
                journaledAtEachSubmit.add(journal.jobs().size());
                ownStateAtItsSubmit.add(journal.jobs().stream().filter(j -> j.request().equals(request))
                        .map(Job::state).findFirst().orElse(null));
                return super.submit(request);
            }
        }.statuses(RemoteState.SUCCEEDED).succeedsWith(Map.of(URI.create("https://cdn.runcomfy.net/a.png"), TestImages.png(8, 8)));
        List<BatchItem> five = java.util.stream.IntStream.rangeClosed(1, 5)
                .mapToObj(line -> item(line, Map.of("prompt", "line " + line))).toList();

        List<BatchOutcome> outcomes = batchesWith(watching).run(new BatchCommand(five, 2, Duration.ofMinutes(1), false, false),
                BatchListener.NONE);

        assertThat(outcomes).extracting(BatchOutcome::kind).containsOnly(BatchOutcome.Kind.STORED);
        assertThat(journaledAtEachSubmit.get(0)).as("journaled at the first submit: the first wave's two lines").isEqualTo(2);
        assertThat(journaledAtEachSubmit.subList(2, 5)).as("every line journaled before the third submit").containsOnly(5);
        assertThat(ownStateAtItsSubmit).as("each line journaled and claimed before its submit").containsOnly(JobState.SUBMITTING);
    }

    @Test
    void aSecondRunPaysForNothingAgain() {
        batches.run(command(three, false, false), BatchListener.NONE);

        List<BatchOutcome> again = batches.run(command(three, false, false), BatchListener.NONE);

        assertThat(again).extracting(BatchOutcome::kind).containsOnly(BatchOutcome.Kind.ALREADY_STORED);
        assertThat(provider.submitted()).hasSize(3);
    }

    @Test
    void forceGeneratesAgain() {
        batches.run(command(three, false, false), BatchListener.NONE);

        batches.run(command(three, false, true), BatchListener.NONE);

        assertThat(provider.submitted()).hasSize(6);
    }

    @Test
    void anItemUnderWayIsFollowedNotResubmitted() {
        Job underWay = Job.pending(JobId.next(clock.instant()), generation.validate(
                new dev.easel.core.port.in.GenerateCommand(SeedreamLiteTextToImage.MODEL, Map.of("prompt", "one"), null)),
                clock.instant(), "key-1").moveTo(JobState.SUBMITTING, clock.instant(), "")
                .submitted(RequestId.of("req-earlier"), clock.instant());
        journal.record(underWay);

        List<BatchOutcome> outcomes = batches.run(command(three.subList(0, 1), false, false), BatchListener.NONE);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.kind()).isEqualTo(BatchOutcome.Kind.STORED);
            assertThat(o.job().orElseThrow().id()).isEqualTo(underWay.id());
        });
        assertThat(provider.submitted()).isEmpty();
    }

    /**
     * A first-wave line another run journaled is taken over through the journal's lease; when that
     * fails (a locked database), the batch ends with the error instead of waiting forever for the
     * line's claim before journaling the rest of the file, and what it sent meanwhile is kept.
     */
    @Test
    void aFirstWaveLineThatCannotBeTakenOverEndsTheBatchWithTheError() {
        InMemoryJobJournal locked = new InMemoryJobJournal() {
            @Override
            public boolean follow(JobId id) {
                throw new IllegalStateException("database is locked");
            }
        };
        locked.record(Job.pending(JobId.next(clock.instant()), generation.validate(
                new dev.easel.core.port.in.GenerateCommand(SeedreamLiteTextToImage.MODEL, Map.of("prompt", "one"), null)),
                clock.instant(), "key-1"));
        JobDriver driver = new JobDriver(provider, new InMemoryImageStore(), new InMemoryJobRecords(), locked, clock, clock.sleeper(),
                PollingPolicy.DEFAULT, 1_000_000);
        BatchService service = new BatchService(generation, new JobScheduler(driver, new VirtualTimer(clock), Runnable::run,
                Runnable::run, new CallBudget(1000, 1000), clock), locked, clock);

        assertThatThrownBy(() -> org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> service.run(command(three, false, false), BatchListener.NONE)))
                .hasStackTraceContaining("database is locked");
        assertThat(locked.jobs()).as("the other lines were journaled, sent and stored; the locked one was not sent")
                .extracting(j -> j.key().orElseThrow() + " " + j.state())
                .containsExactlyInAnyOrder("key-1 PENDING", "key-2 STORED", "key-3 STORED");
    }

    @Test
    void anItemWhoseEarlierSubmitHadAnUnknownOutcomeIsNotSentAgain() {
        Job unknown = Job.pending(JobId.next(clock.instant()), generation.validate(
                new dev.easel.core.port.in.GenerateCommand(SeedreamLiteTextToImage.MODEL, Map.of("prompt", "one"), null)),
                clock.instant(), "key-1").moveTo(JobState.SUBMITTING, clock.instant(), "");
        journal.record(unknown);

        List<BatchOutcome> outcomes = batches.run(command(three.subList(0, 1), false, false), BatchListener.NONE);

        assertThat(outcomes).singleElement().extracting(BatchOutcome::kind).isEqualTo(BatchOutcome.Kind.UNKNOWN);
        assertThat(provider.submitted()).isEmpty();
    }

    @Test
    void aRefusedTokenStopsTheBatchAndLeavesTheRestJournaled() {
        provider.submitFails(new AuthenticationException("RunComfy refused the API token (HTTP 401)"));

        List<BatchOutcome> outcomes = batches.run(command(three, false, false), BatchListener.NONE);

        assertThat(outcomes).extracting(BatchOutcome::kind)
                .containsExactly(BatchOutcome.Kind.FAILED, BatchOutcome.Kind.NOT_STARTED, BatchOutcome.Kind.NOT_STARTED);
        assertThat(journal.jobs()).extracting(Job::state).containsExactly(JobState.FAILED, JobState.PENDING, JobState.PENDING);
    }

    @Test
    void aJobGivesUpItsSlotOnceTheProviderFinishedItSoStoringNeverHoldsBackTheNextSubmit() {
        int[] atProvider = {0};
        int[] most = {0};
        ScriptedProvider counting = new ScriptedProvider() {
            private final Map<RequestId, java.time.Instant> submittedAt = new java.util.HashMap<>();

            @Override
            public synchronized dev.easel.core.model.Submission submit(dev.easel.core.model.GenerationRequest request) {
                most[0] = Math.max(most[0], ++atProvider[0]);
                dev.easel.core.model.Submission answer = super.submit(request);
                submittedAt.put(answer.id(), clock.instant());
                return answer;
            }

            @Override
            public synchronized dev.easel.core.model.ProviderStatus status(RequestId id) {
                // Each job runs for a second of the test's clock, then has finished (and is asked no more).
                if (clock.instant().isBefore(submittedAt.get(id).plusSeconds(1))) {
                    return dev.easel.core.model.ProviderStatus.of(RemoteState.RUNNING);
                }
                atProvider[0]--;
                return dev.easel.core.model.ProviderStatus.of(RemoteState.SUCCEEDED);
            }
        };
        counting.succeedsWith(Map.of(URI.create("https://cdn.runcomfy.net/a.png"), TestImages.png(16, 16)));
        List<Runnable> heldStores = java.util.Collections.synchronizedList(new ArrayList<>());
        JobDriver driver = new JobDriver(counting, new InMemoryImageStore(), new InMemoryJobRecords(), journal, clock,
                clock.sleeper(), PollingPolicy.DEFAULT, 1_000_000);
        SteppedTimer timer = new SteppedTimer();
        JobScheduler scheduler = new JobScheduler(driver, timer, Runnable::run, heldStores::add, new CallBudget(1000, 1000), clock);
        List<BatchItem> five = List.of(item(1, Map.of("prompt", "a")), item(2, Map.of("prompt", "b")),
                item(3, Map.of("prompt", "c")), item(4, Map.of("prompt", "d")), item(5, Map.of("prompt", "e")));

        java.util.concurrent.CompletableFuture<List<BatchOutcome>> run = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                new BatchService(generation, scheduler, journal, clock)
                        .run(new BatchCommand(five, 2, Duration.ofMinutes(1), false, false), BatchListener.NONE));
        dev.easel.core.testing.Await.until("the first two lines submitted and waiting for their polls, every line journaled",
                Duration.ofSeconds(30), () -> counting.submitted().size() == 2 && timer.waiting() == 2 && journal.jobs().size() == 5);
        while (counting.submitted().size() < 5 && timer.runNext()) {
            // Each timer task polls one job; a job the provider finished frees its slot for the next line.
        }

        assertThat(heldStores).as("the last line went out while three finished jobs still wait to be stored").hasSize(3);
        while (timer.runNext()) {
            // The last two jobs run to their end at the provider.
        }
        assertThat(heldStores).hasSize(5);
        assertThat(run).isNotDone();
        assertThat(most[0]).as("jobs at the provider at once").isEqualTo(2);
        new ArrayList<>(heldStores).forEach(Runnable::run);
        assertThat(run.join()).extracting(BatchOutcome::kind).containsOnly(BatchOutcome.Kind.STORED);
        assertThat(journal.jobs()).extracting(Job::state).containsOnly(JobState.STORED);
    }

    /** A timer whose tasks run only when the test steps it, earliest first, moving the clock to each. */
    private final class SteppedTimer implements TaskTimer {
        private final java.util.PriorityQueue<Map.Entry<java.time.Instant, Runnable>> queue =
                new java.util.PriorityQueue<>(Map.Entry.comparingByKey());

        @Override
        public synchronized void schedule(Duration delay, Runnable task) {
            queue.add(Map.entry(clock.instant().plus(delay), task));
        }

        synchronized int waiting() {
            return queue.size();
        }

        boolean runNext() {
            Map.Entry<java.time.Instant, Runnable> next;
            synchronized (this) {
                next = queue.poll();
            }
            if (next == null) {
                return false;
            }
            if (next.getKey().isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), next.getKey()));
            }
            next.getValue().run();
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void concurrencyIsBounded() {
        assertThatThrownBy(() -> new BatchCommand(three, 0, Duration.ofMinutes(1), false, false))
                .hasMessage("concurrency 0 is not allowed: use an integer from 1 to 64");
    }
}
