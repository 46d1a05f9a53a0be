package dev.easel.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ProviderStatus;
import dev.easel.core.model.RemoteState;
import dev.easel.core.model.RequestId;
import dev.easel.core.port.in.GenerateCommand;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.testing.InMemoryImageStore;
import dev.easel.core.testing.InMemoryJobJournal;
import dev.easel.core.testing.InMemoryJobRecords;
import dev.easel.core.testing.MutableClock;
import dev.easel.core.testing.ScriptedProvider;
import dev.easel.core.testing.TestCatalog;
import dev.easel.core.testing.TestImages;
import dev.easel.core.testing.VirtualTimer;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class JobSchedulerTest {

    private static final URI OUTPUT = URI.create("https://cdn.runcomfy.net/a.png");

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
    private final InMemoryJobJournal journal = new InMemoryJobJournal();
    private final List<Instant> calls = new ArrayList<>();
    private final ScriptedProvider provider = new ScriptedProvider() {
        @Override
        public synchronized dev.easel.core.model.Submission submit(GenerationRequest request) {
            calls.add(clock.instant());
            return super.submit(request);
        }

        @Override
        public synchronized ProviderStatus status(RequestId id) {
            calls.add(clock.instant());
            return super.status(id);
        }
    }.succeedsWith(Map.of(OUTPUT, TestImages.png(8, 8)));

    private JobScheduler virtualScheduler(Clock time, CallBudget budget) {
        JobDriver driver = new JobDriver(provider, new InMemoryImageStore(), new InMemoryJobRecords(), journal, time, clock.sleeper(),
                PollingPolicy.DEFAULT, 1_000_000);
        return new JobScheduler(driver, new VirtualTimer(clock), Runnable::run, Runnable::run, budget, time);
    }

    private List<Job> pending(int count) {
        GenerationRequest request = new RequestValidator(TestCatalog.seedream())
                .validate(new GenerateCommand(SeedreamLiteTextToImage.MODEL, Map.of("prompt", "p"), null));
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Job job = Job.pending(JobId.next(clock.instant()), request, clock.instant());
            journal.record(job);
            jobs.add(job);
        }
        return jobs;
    }

    @Test
    void followsEveryJobToItsStoredImagesPollingEachOnItsOwnSchedule() {
        provider.statuses(RemoteState.QUEUED, RemoteState.QUEUED, RemoteState.RUNNING, RemoteState.SUCCEEDED);
        JobScheduler scheduler = virtualScheduler(clock, new CallBudget(1000, 1000));
        Instant deadline = clock.instant().plus(Duration.ofMinutes(5));

        List<CompletableFuture<Job>> followed = pending(3).stream()
                .map(job -> scheduler.follow(job, deadline, JobListener.NONE)).toList();

        assertThat(followed).allSatisfy(f -> assertThat(f.join().state()).isEqualTo(JobState.STORED));
        assertThat(journal.jobs()).extracting(Job::state).containsOnly(JobState.STORED);
        assertThat(provider.submitted()).hasSize(3);
    }

    @Test
    void callsToTheProviderKeepWithinItsBudgetWithoutAThreadWaiting() {
        provider.statuses(RemoteState.SUCCEEDED);
        JobScheduler scheduler = virtualScheduler(clock, new CallBudget(10, 2));
        Instant deadline = clock.instant().plus(Duration.ofMinutes(5));

        List<CompletableFuture<Job>> followed = pending(10).stream()
                .map(job -> scheduler.follow(job, deadline, JobListener.NONE)).toList();

        assertThat(followed).allSatisfy(f -> assertThat(f.join().state()).isEqualTo(JobState.STORED));
        assertThat(calls).hasSize(20);
        Instant start = calls.get(0);
        for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i)).as("call %d: a burst of two, then one every 100 ms", i)
                    .isAfterOrEqualTo(start.plus(Duration.ofMillis(100L * (i - 1))));
        }
    }

    @Test
    void aJobStillRunningAtItsDeadlineIsHandedBackUnfinishedAndStaysJournaled() {
        provider.statuses(RemoteState.RUNNING);
        JobScheduler scheduler = virtualScheduler(clock, new CallBudget(1000, 1000));
        Job job = pending(1).get(0);
        Instant deadline = clock.instant().plus(Duration.ofSeconds(30));

        Job handedBack = scheduler.follow(job, deadline, JobListener.NONE).join();

        assertThat(handedBack.state()).isEqualTo(JobState.RUNNING);
        assertThat(clock.instant()).isBetween(deadline, deadline.plusSeconds(1));
        assertThat(journal.find(job.id()).orElseThrow()).isEqualTo(handedBack);
        assertThat(Duration.between(calls.get(calls.size() - 3), calls.get(calls.size() - 2)))
                .as("backed off to the ceiling").isEqualTo(PollingPolicy.DEFAULT.ceiling());
        assertThat(calls.get(2)).as("young jobs are polled quickly").isBefore(calls.get(0).plusMillis(200));
    }

    @Test
    void aJobWhoseSubmitOutcomeIsUnknownFailsItsFutureAndStaysSubmitting() {
        provider.loseNextAnswer();
        JobScheduler scheduler = virtualScheduler(clock, new CallBudget(1000, 1000));
        Job job = pending(1).get(0);

        CompletableFuture<Job> followed = scheduler.follow(job, clock.instant().plusSeconds(60), JobListener.NONE);

        assertThat(followed).isCompletedExceptionally();
        assertThat(journal.find(job.id()).orElseThrow().state()).isEqualTo(JobState.SUBMITTING);
        assertThat(provider.submitted()).hasSize(1);
    }

    @Test
    void fourHundredJobsInFlightUseTheSchedulersFewThreadsOnly() {
        provider.statuses(RemoteState.QUEUED, RemoteState.RUNNING, RemoteState.SUCCEEDED);
        JobDriver driver = new JobDriver(provider, new InMemoryImageStore(), new InMemoryJobRecords(), journal, Clock.systemUTC(), Sleeper.SYSTEM,
                PollingPolicy.DEFAULT, 1_000_000);
        int before = easelThreads();
        List<CompletableFuture<Job>> followed;
        int during;
        try (JobScheduler scheduler = JobScheduler.start(driver, Clock.systemUTC(), 4, 2, new CallBudget(10_000, 100))) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            followed = pending(400).stream().map(job -> scheduler.follow(job, deadline, JobListener.NONE)).toList();
            during = easelThreads();
            CompletableFuture.allOf(followed.toArray(CompletableFuture[]::new)).join();
        }

        assertThat(followed).allSatisfy(f -> assertThat(f.join().state()).isEqualTo(JobState.STORED));
        assertThat(during - before).as("a timer, four call workers and two store workers").isLessThanOrEqualTo(7);
    }

    @Test
    void aJobSeenFinishedBringsTheNextPollOfItsModelsOtherJobsForward() {
        // Twenty jobs of one model, each running 1 s from its submit; submitted together and polled
        // within a budget of 200 calls a second, so that each is polled at its own moments.
        Duration runTime = Duration.ofSeconds(1);
        Map<RequestId, Instant> submittedAt = new java.util.concurrent.ConcurrentHashMap<>();
        ScriptedProvider timed = runningFor(runTime, clock, submittedAt, new java.util.concurrent.atomic.AtomicInteger());
        VirtualTimer timer = new VirtualTimer(clock);
        JobScheduler scheduler = budgeted(timed, journal, clock, timer);
        List<Duration> noticedLate = new ArrayList<>();
        JobListener noticing = whenSeenFinished(job ->
                noticedLate.add(Duration.between(submittedAt.get(job.requestId().orElseThrow()).plus(runTime), clock.instant())));
        List<CompletableFuture<Job>> followed = new ArrayList<>();
        Instant deadline = clock.instant().plus(Duration.ofMinutes(5));

        timer.schedule(Duration.ZERO, () -> pending(20).forEach(job -> followed.add(scheduler.follow(job, deadline, noticing))));

        assertThat(followed).allSatisfy(f -> assertThat(f.join().state()).isEqualTo(JobState.STORED));
        assertThat(noticedLate).hasSize(20);
        // The first is noticed at one of its own polls, about a tenth of its age apart; the rest as soon
        // as its run time says they are done.
        assertThat(noticedLate.subList(1, 20)).allSatisfy(late -> assertThat(late)
                .isLessThanOrEqualTo(noticedLate.get(0).plus(Duration.ofMillis(5))));
        assertThat(noticedLate.subList(1, 20).stream().mapToLong(Duration::toMillis).max().orElseThrow())
                .as("the other jobs of the first wave, noticed late at most").isLessThan(40);
    }

    @Test
    void aJobSeenUnfinishedAfterItWasDueIsNotPolledAgainWhenAnotherFinishes() {
        // Three jobs of one model submitted together: the first runs 1 s, the second 3 s, the third 10 s.
        List<Duration> runTimes = List.of(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(10));
        Map<RequestId, Instant> endsAt = new java.util.concurrent.ConcurrentHashMap<>();
        Map<RequestId, List<Instant>> polledAt = new java.util.concurrent.ConcurrentHashMap<>();
        ScriptedProvider timed = new ScriptedProvider() {
            @Override
            public synchronized dev.easel.core.model.Submission submit(GenerationRequest request) {
                dev.easel.core.model.Submission answer = super.submit(request);
                endsAt.put(answer.id(), clock.instant().plus(runTimes.get(endsAt.size())));
                return answer;
            }

            @Override
            public synchronized ProviderStatus status(RequestId id) {
                polledAt.computeIfAbsent(id, i -> new ArrayList<>()).add(clock.instant());
                return ProviderStatus.of(clock.instant().isBefore(endsAt.get(id)) ? RemoteState.RUNNING : RemoteState.SUCCEEDED);
            }
        }.succeedsWith(Map.of(OUTPUT, TestImages.png(8, 8)));
        VirtualTimer timer = new VirtualTimer(clock);
        JobScheduler scheduler = budgeted(timed, journal, clock, timer);
        List<Instant> finishesSeen = new ArrayList<>();
        JobListener noticing = whenSeenFinished(job -> finishesSeen.add(clock.instant()));
        List<CompletableFuture<Job>> followed = new ArrayList<>();
        Instant deadline = clock.instant().plus(Duration.ofMinutes(5));

        List<Job> jobs = pending(3);
        timer.schedule(Duration.ZERO, () -> {
            jobs.subList(0, 2).forEach(job -> followed.add(scheduler.follow(job, deadline, noticing)));
            // The longest a few milliseconds later, so that its own polls fall at other moments than the others'.
            timer.schedule(Duration.ofMillis(7), () -> followed.add(scheduler.follow(jobs.get(2), deadline, noticing)));
        });

        assertThat(followed).hasSize(3);
        assertThat(followed).allSatisfy(f -> assertThat(f.join().state()).isEqualTo(JobState.STORED));
        RequestId longest = endsAt.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        Instant secondSeen = finishesSeen.get(1);
        // By the second job's end the third had been seen running long past the 1 s the first took: the
        // second's finish says nothing new about it, so it is polled on its own schedule, not then.
        assertThat(polledAt.get(longest)).as("the 10 s job's polls").doesNotContain(secondSeen);
    }

    @Test
    void runTimesRecalledFromTheJournalLeaveAWavesYoungPollsTheirShareOfTheBudget() {
        int fresh = statusCallsOfAWave(false);
        int recalled = statusCallsOfAWave(true);

        assertThat(recalled).as("status calls of 20 jobs after an earlier run (fresh journal: %s)", fresh)
                .isLessThanOrEqualTo(fresh + fresh / 10);
    }

    /** Status calls of 20 jobs of 1 s submitted together, with or without five such jobs stored by an earlier run. */
    private int statusCallsOfAWave(boolean earlierRun) {
        MutableClock time = MutableClock.at("2026-11-21T10:00:00Z");
        InMemoryJobJournal wave = new InMemoryJobJournal();
        GenerationRequest request = new RequestValidator(TestCatalog.seedream())
                .validate(new GenerateCommand(SeedreamLiteTextToImage.MODEL, Map.of("prompt", "p"), null));
        if (earlierRun) {
            Instant at = time.instant().minus(Duration.ofHours(1));
            for (int i = 0; i < 5; i++) {
                wave.record(Job.pending(JobId.next(at), request, at).moveTo(JobState.SUBMITTING, at, "")
                        .submitted(RequestId.of("earlier-" + i), at)
                        .succeeded(List.of(OUTPUT), null, at.plusMillis(1010)).stored(List.of(), at.plusMillis(1015)));
            }
        }
        java.util.concurrent.atomic.AtomicInteger statusCalls = new java.util.concurrent.atomic.AtomicInteger();
        ScriptedProvider timed = runningFor(Duration.ofSeconds(1), time, new java.util.concurrent.ConcurrentHashMap<>(), statusCalls);
        VirtualTimer timer = new VirtualTimer(time);
        JobScheduler scheduler = budgeted(timed, wave, time, timer);
        List<CompletableFuture<Job>> followed = new ArrayList<>();
        Instant deadline = time.instant().plus(Duration.ofMinutes(5));
        timer.schedule(Duration.ZERO, () -> {
            for (int i = 0; i < 20; i++) {
                Job job = Job.pending(JobId.next(time.instant()), request, time.instant());
                wave.record(job);
                followed.add(scheduler.follow(job, deadline, JobListener.NONE));
            }
        });
        assertThat(followed).hasSize(20).allSatisfy(f -> assertThat(f.join().state()).isEqualTo(JobState.STORED));
        return statusCalls.get();
    }

    /** A scheduler on {@code timer} within a budget of 200 calls a second (bursts of 40), running each step on the caller's thread. */
    private static JobScheduler budgeted(ScriptedProvider provider, InMemoryJobJournal journal, MutableClock time, VirtualTimer timer) {
        JobDriver driver = new JobDriver(provider, new InMemoryImageStore(), new InMemoryJobRecords(), journal, time,
                time.sleeper(), PollingPolicy.DEFAULT, 1_000_000);
        return new JobScheduler(driver, timer, Runnable::run, Runnable::run, new CallBudget(200, 40), time);
    }

    /**
     * A provider whose every job runs {@code runTime} from its submit on {@code time}: each submit's
     * moment goes into {@code submittedAt}, each status call counts in {@code statusCalls}.
     */
    private static ScriptedProvider runningFor(Duration runTime, MutableClock time, Map<RequestId, Instant> submittedAt,
                                               java.util.concurrent.atomic.AtomicInteger statusCalls) {
        return new ScriptedProvider() {
            @Override
            public synchronized dev.easel.core.model.Submission submit(GenerationRequest request) {
                dev.easel.core.model.Submission answer = super.submit(request);
                submittedAt.put(answer.id(), time.instant());
                return answer;
            }

            @Override
            public synchronized ProviderStatus status(RequestId id) {
                statusCalls.incrementAndGet();
                return ProviderStatus.of(time.instant().isBefore(submittedAt.get(id).plus(runTime))
                        ? RemoteState.RUNNING : RemoteState.SUCCEEDED);
            }
        }.succeedsWith(Map.of(OUTPUT, TestImages.png(8, 8)));
    }

    private static int easelThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("easel-")).count();
    }

    /** A listener that tells {@code seen} of each job a poll finds finished. */
    private static JobListener whenSeenFinished(java.util.function.Consumer<Job> seen) {
        return new JobListener() {
            @Override
            public void onStatus(Job job, ProviderStatus status) {
                if (status.state().isFinished()) {
                    seen.accept(job);
                }
            }
        };
    }
}
