package dev.easel.core.service;

import static dev.easel.core.model.JobState.CANCELLED;
import static dev.easel.core.model.JobState.EXPIRED;
import static dev.easel.core.model.JobState.FAILED;
import static dev.easel.core.model.JobState.PENDING;
import static dev.easel.core.model.JobState.QUEUED;
import static dev.easel.core.model.JobState.RUNNING;
import static dev.easel.core.model.JobState.STORED;
import static dev.easel.core.model.JobState.SUBMITTED;
import static dev.easel.core.model.JobState.SUBMITTING;
import static dev.easel.core.model.JobState.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.AuthenticationException;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.ProviderUnavailableException;
import dev.easel.core.error.SubmissionOutcomeUnknownException;
import dev.easel.core.error.UnknownModelException;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ModelId;
import dev.easel.core.model.ProviderResult;
import dev.easel.core.model.RemoteState;
import dev.easel.core.model.StoredImage;
import dev.easel.core.port.in.GenerateCommand;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.testing.InMemoryImageStore;
import dev.easel.core.testing.InMemoryJobRecords;
import dev.easel.core.testing.InMemoryJobJournal;
import dev.easel.core.testing.MutableClock;
import dev.easel.core.testing.ScriptedProvider;
import dev.easel.core.testing.TestCatalog;
import dev.easel.core.testing.TestImages;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GenerationFlowTest {

    private static final URI FIRST = URI.create("https://cdn.runcomfy.net/out/1.png");
    private static final URI SECOND = URI.create("https://cdn.runcomfy.net/out/2.png");

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
    private final ScriptedProvider provider = new ScriptedProvider();
    private final InMemoryImageStore store = new InMemoryImageStore();
    private final List<Integer> submissionsSeenAtEachRecord = new ArrayList<>();
    private final InMemoryJobJournal journal = new InMemoryJobJournal() {
        @Override
        public synchronized void record(Job job) {
            submissionsSeenAtEachRecord.add(provider.submitted().size());
            super.record(job);
        }
    };
    private final List<Instant> statusTimes = new ArrayList<>();
    private final InMemoryJobRecords records = new InMemoryJobRecords();
    private final JobDriver driver = new JobDriver(provider, store, records, journal, clock, clock.sleeper(), PollingPolicy.DEFAULT,
            10_000_000);
    private final GenerateImageService service = new GenerateImageService(new RequestValidator(TestCatalog.seedream()),
            driver, journal, clock);
    private final SubmitJobService submitting = new SubmitJobService(new RequestValidator(TestCatalog.seedream()),
            driver, clock);

    private final JobListener timesStatuses = new JobListener() {
        @Override
        public void onStatus(Job job, dev.easel.core.model.ProviderStatus status) {
            statusTimes.add(clock.instant());
        }
    };

    private static GenerateCommand command(String prompt) {
        return new GenerateCommand(ModelId.of("bytedance/seedream-5/lite/text-to-image"),
                Map.of("prompt", prompt), Duration.ofMinutes(1));
    }

    private static Map<URI, byte[]> outputs(URI... uris) {
        Map<URI, byte[]> files = new LinkedHashMap<>();
        for (URI uri : uris) {
            files.put(uri, TestImages.png(40, 30));
        }
        return files;
    }

    @Test
    void storesEveryOutputAndJournalsEachStepBeforeTheNext() {
        provider.statuses(RemoteState.QUEUED, RemoteState.RUNNING, RemoteState.SUCCEEDED).succeedsWith(outputs(FIRST, SECOND));

        Job job = service.generate(command("a red fox in snow"), JobListener.NONE);

        assertThat(job.state()).isEqualTo(STORED);
        assertThat(job.images()).extracting(StoredImage::key)
                .containsExactly("2026-11-21/" + job.id() + "-1.png", "2026-11-21/" + job.id() + "-2.png");
        assertThat(journal.records()).extracting(Job::state)
                .containsExactly(PENDING, SUBMITTING, SUBMITTED, QUEUED, RUNNING, SUCCEEDED, STORED);
        assertThat(submissionsSeenAtEachRecord.subList(0, 2)).as("PENDING and SUBMITTING are journaled before the submit")
                .containsOnly(0);
        assertThat(submissionsSeenAtEachRecord.get(2)).isEqualTo(1);
        assertThat(records.records().get(job.id().value())).isEqualTo(job);
        assertThat(provider.submitted()).hasSize(1);
        assertThat(provider.submitted().get(0).inputs()).containsEntry("resolution", "2304x1728 (4:3)");
    }

    @Test
    void aSynchronousServiceIsJournaledSubmittingBeforeTheCallAndStoredWithoutPolling() {
        provider.synchronous().succeedsWith(outputs(FIRST, SECOND));

        Job job = service.generate(command("a red fox in snow"), JobListener.NONE);

        assertThat(job.state()).isEqualTo(STORED);
        assertThat(job.images()).hasSize(2);
        assertThat(journal.records()).extracting(Job::state).containsExactly(PENDING, SUBMITTING, SUCCEEDED, STORED);
        assertThat(journal.records().get(2).history()).extracting(t -> t.state())
                .as("the answer's two moves are one journal write").containsExactly(PENDING, SUBMITTING, SUBMITTED, SUCCEEDED);
        assertThat(submissionsSeenAtEachRecord.subList(0, 2)).containsOnly(0);
        assertThat(provider.statusCalls() + provider.resultCalls()).isZero();
        assertThat(provider.released()).containsExactly(List.of(FIRST, SECOND));
    }

    @Test
    void aSynchronousServiceThatRefusesTheContentEndsFailedWithItsReason() {
        provider.synchronous().result(ProviderResult.failed("the prompt was refused as sensitive"));

        Job job = service.generate(command("p"), JobListener.NONE);

        assertThat(job.state()).isEqualTo(FAILED);
        assertThat(job.note()).isEqualTo("the prompt was refused as sensitive");
        assertThat(provider.released()).isEmpty();
    }

    @Test
    void aSynchronousCallWhoseAnswerIsLostStaysSubmittingAndIsNotSentAgain() {
        provider.synchronous().succeedsWith(outputs(FIRST)).loseNextAnswer();

        assertThatThrownBy(() -> service.generate(command("p"), JobListener.NONE))
                .isInstanceOf(SubmissionOutcomeUnknownException.class);
        Job left = journal.jobs().get(0);
        assertThat(left.state()).isEqualTo(SUBMITTING);
        assertThat(driver.drive(left, clock.instant().plusSeconds(60), JobListener.NONE).state()).isEqualTo(SUBMITTING);
        assertThat(provider.submitted()).hasSize(1);
    }

    @Test
    void someOutputsFailingIsNotedOnTheStoredJob() {
        provider.synchronous().serves(outputs(FIRST)).result(new ProviderResult(RemoteState.SUCCEEDED, List.of(FIRST),
                Optional.of("image 2 of 2 failed: OutputImageSensitiveContentDetected"), Optional.empty()));

        Job job = service.generate(command("p"), JobListener.NONE);

        assertThat(job.state()).isEqualTo(STORED);
        assertThat(job.images()).hasSize(1);
        assertThat(job.history().get(job.history().size() - 2).note()).contains("image 2 of 2 failed");
    }

    @Test
    void invalidInputIsNeitherJournaledNorSubmitted() {
        GenerateCommand bad = new GenerateCommand(ModelId.of("bytedance/seedream-5/lite/text-to-image"),
                Map.of("prompt", "x", "max_images", 16), Duration.ofMinutes(1));

        assertThatThrownBy(() -> service.generate(bad, JobListener.NONE)).isInstanceOf(InvalidRequestException.class);
        assertThat(journal.records()).isEmpty();
        assertThat(provider.submitted()).isEmpty();
    }

    @Test
    void anUnknownModelNamesTheKnownOnes() {
        GenerateCommand unknown = new GenerateCommand(ModelId.of("acme/painter"), Map.of("prompt", "x"), null);

        assertThatThrownBy(() -> service.generate(unknown, JobListener.NONE))
                .isInstanceOf(UnknownModelException.class)
                .hasMessage("model \"acme/painter\" is not known; known models: bytedance/seedream-5/lite/text-to-image");
        assertThat(provider.submitted()).isEmpty();
    }

    @Test
    void aFailedJobCarriesTheProvidersReason() {
        provider.statuses(RemoteState.RUNNING, RemoteState.FAILED)
                .result(new ProviderResult(RemoteState.FAILED, List.of(), Optional.of("content filter"), Optional.empty()));

        Job job = service.generate(command("p"), JobListener.NONE);

        assertThat(job.state()).isEqualTo(FAILED);
        assertThat(job.note()).isEqualTo("content filter");
        assertThat(journal.find(job.id())).contains(job);
    }

    @Test
    void aJobCancelledAtTheProviderEndsCancelled() {
        provider.statuses(RemoteState.QUEUED, RemoteState.CANCELLED)
                .result(new ProviderResult(RemoteState.CANCELLED, List.of(), Optional.empty(), Optional.empty()));

        assertThat(service.generate(command("p"), JobListener.NONE).state()).isEqualTo(CANCELLED);
    }

    @Test
    void aJobThatOutlivesTheTimeoutIsReturnedUnfinishedAndStaysJournaled() {
        provider.statuses(RemoteState.RUNNING);

        Job job = service.generate(command("p").withTimeout(Duration.ofSeconds(30)), JobListener.NONE);

        assertThat(job.state()).isEqualTo(RUNNING);
        assertThat(journal.find(job.id()).orElseThrow().state()).isEqualTo(RUNNING);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-21T10:00:30Z"));
        assertThat(provider.statusCalls()).isBetween(40, 80);
    }

    @Test
    void pollsQuicklyWhileTheJobIsYoungThenBacksOffToTheCeiling() {
        provider.statuses(RemoteState.RUNNING);

        service.generate(command("p").withTimeout(Duration.ofSeconds(60)), timesStatuses);

        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < statusTimes.size(); i++) {
            gaps.add(Duration.between(statusTimes.get(i - 1), statusTimes.get(i)));
        }
        assertThat(gaps.get(0)).isEqualTo(PollingPolicy.DEFAULT.minimum());
        List<Duration> beforeTheDeadline = gaps.subList(0, gaps.size() - 1);
        assertThat(beforeTheDeadline).isSortedAccordingTo(Duration::compareTo);
        assertThat(gaps.get(gaps.size() - 2)).isEqualTo(PollingPolicy.DEFAULT.ceiling());
        long pollsInTheFirstSecond = statusTimes.stream()
                .filter(t -> t.isBefore(Instant.parse("2026-11-21T10:00:01Z"))).count();
        assertThat(pollsInTheFirstSecond).as("a 1 s job costs a few dozen calls at most").isBetween(10L, 30L);
    }

    @Test
    void learnsHowLongJobsTakeAndLooksInWhenTheNextIsDue() {
        Duration runTime = Duration.ofMillis(1234);
        List<Duration> noticedLate = new ArrayList<>();
        List<Integer> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Instant finishesAt = clock.instant().plus(runTime);
            ScriptedProvider timed = finishingAt(finishesAt);
            Job job = sharedRunTimes.generate(command("frame " + i), JobListener.NONE, timed);
            noticedLate.add(Duration.between(finishesAt, job.enteredAt(SUCCEEDED).orElseThrow()));
            calls.add(timed.statusCalls());
        }

        assertThat(noticedLate.get(0)).as("the first job: about a tenth of its age").isLessThanOrEqualTo(Duration.ofMillis(130));
        assertThat(noticedLate.subList(3, 6)).as("once the run time is known")
                .allSatisfy(late -> assertThat(late).isLessThanOrEqualTo(PollingPolicy.DEFAULT.nearDueWait(runTime)));
        assertThat(calls.subList(3, 6)).as("polls of a job whose run time is known (the first job: %s)", calls.get(0))
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(7));
    }

    @Test
    void theFirstJobOfAModelTheJournalHasSeenIsLookedInOnWhenDueLikeTheLaterOnes() {
        Duration runTime = Duration.ofMillis(1300);
        // An earlier process's three jobs of the model, noticed 5 ms after their end; and four made
        // for another provider, which say nothing of this one's run time (counted, they would make it 0.3 s).
        for (int i = 0; i < 3; i++) {
            journal.record(storedEarlier("earlier " + i, runTime.plusMillis(5), "runcomfy"));
        }
        for (int i = 0; i < 4; i++) {
            journal.record(storedEarlier("elsewhere " + i, Duration.ofMillis(300), "modelark"));
        }
        Instant finishesAt = clock.instant().plus(runTime);
        ScriptedProvider timed = finishingAt(finishesAt);

        Job job = sharedRunTimes.generate(command("the first in this process"), JobListener.NONE, timed);

        assertThat(Duration.between(finishesAt, job.enteredAt(SUCCEEDED).orElseThrow()))
                .as("noticed as a job whose run time was learnt in this process")
                .isLessThanOrEqualTo(PollingPolicy.DEFAULT.nearDueWait(runTime));
    }

    @Test
    void withoutJournaledJobsOfItsModelTheFirstJobIsPolledAtATenthOfItsAge() {
        Duration runTime = Duration.ofMillis(1234);
        journal.record(storedEarlier("elsewhere", runTime, "modelark"));
        Instant finishesAt = clock.instant().plus(runTime);
        ScriptedProvider timed = finishingAt(finishesAt);

        Job job = sharedRunTimes.generate(command("the first in this process"), JobListener.NONE, timed);

        assertThat(Duration.between(finishesAt, job.enteredAt(SUCCEEDED).orElseThrow()))
                .as("nothing learnt: about a tenth of its age").isGreaterThan(PollingPolicy.DEFAULT.nearDueWait(runTime));
    }

    @Test
    void runTimesRecalledFromJobsFinishedLongAfterTheirSubmitNeverPutAPollOff() {
        // Jobs sent with --no-wait and fetched by `easel result` hours later: by their records, they ran for hours.
        for (int i = 0; i < 5; i++) {
            journal.record(storedEarlier("fetched later " + i, Duration.ofHours(2), "runcomfy"));
        }
        Duration runTime = Duration.ofMillis(1234);
        Instant finishesAt = clock.instant().plus(runTime);
        ScriptedProvider timed = finishingAt(finishesAt);

        Job job = sharedRunTimes.generate(command("a quick one"), JobListener.NONE, timed);

        assertThat(Duration.between(finishesAt, job.enteredAt(SUCCEEDED).orElseThrow()))
                .as("noticed on the plain schedule, about a tenth of its age").isLessThanOrEqualTo(Duration.ofMillis(130));
    }

    /** A job an earlier process stored, for {@code provider}, noticed finished {@code noticedAfter} after its submit's answer. */
    private Job storedEarlier(String prompt, Duration noticedAfter, String provider) {
        Instant at = clock.instant().minus(Duration.ofHours(1));
        dev.easel.core.model.GenerationRequest request = new RequestValidator(TestCatalog.seedream()).validate(command(prompt));
        Job submitted = Job.pending(dev.easel.core.model.JobId.next(at), request, at).madeFor(provider)
                .moveTo(SUBMITTING, at, "").submitted(dev.easel.core.model.RequestId.of("r-" + prompt.replace(' ', '-')), at);
        Instant done = at.plus(noticedAfter);
        return submitted.succeeded(List.of(FIRST), null, done).stored(List.of(), done.plusMillis(5));
    }

    @Test
    void aLongJobThatEndsLaterThanItsModelsJobsUsuallyDoCostsAFewDozenCallsNotHundreds() {
        Duration usual = Duration.ofSeconds(60);
        Duration late = Duration.ofSeconds(65);
        List<Integer> calls = new ArrayList<>();
        Duration noticedLate = Duration.ZERO;
        for (int i = 0; i < 5; i++) {
            Instant finishesAt = clock.instant().plus(i < 4 ? usual : late);
            ScriptedProvider timed = finishingAt(finishesAt);
            Job job = sharedRunTimes.generate(command("frame " + i).withTimeout(Duration.ofMinutes(5)), JobListener.NONE, timed);
            calls.add(timed.statusCalls());
            noticedLate = Duration.between(finishesAt, job.enteredAt(SUCCEEDED).orElseThrow());
        }

        // The base policy alone (every 2 s past 20 s) costs such a job about 65 calls; polling every
        // 20 ms from its due time on cost it over 300. Learnt, it costs fewer than the base policy.
        assertThat(calls.get(4)).as("calls of the late job (the first, unlearnt: %s)", calls.get(0))
                .isLessThan(calls.get(0)).isLessThanOrEqualTo(40);
        assertThat(noticedLate).as("noticed within 2 %% of the usual run time").isLessThanOrEqualTo(Duration.ofMillis(1200));
    }

    /** A provider whose job runs until {@code finishesAt} on the test's clock, then succeeds. */
    private ScriptedProvider finishingAt(Instant finishesAt) {
        return new ScriptedProvider() {
            @Override
            public synchronized dev.easel.core.model.ProviderStatus status(dev.easel.core.model.RequestId id) {
                super.status(id);
                return dev.easel.core.model.ProviderStatus.of(clock.instant().isBefore(finishesAt)
                        ? RemoteState.RUNNING : RemoteState.SUCCEEDED);
            }
        }.statuses(RemoteState.RUNNING).succeedsWith(outputs(FIRST));
    }

    /** Drives jobs one after another through one service (so it keeps what it learnt) over different providers. */
    private final SharedRunTimes sharedRunTimes = new SharedRunTimes();

    private final class SharedRunTimes {
        private final java.util.Map<String, ScriptedProvider> current = new java.util.HashMap<>();
        private final dev.easel.core.port.out.GenerationProvider delegating = new dev.easel.core.port.out.GenerationProvider() {
            @Override
            public String name() {
                return "runcomfy";
            }

            @Override
            public dev.easel.core.model.Submission submit(dev.easel.core.model.GenerationRequest request) {
                return current.get("p").submit(request);
            }

            @Override
            public dev.easel.core.model.ProviderStatus status(dev.easel.core.model.RequestId id) {
                return current.get("p").status(id);
            }

            @Override
            public ProviderResult result(dev.easel.core.model.RequestId id) {
                return current.get("p").result(id);
            }

            @Override
            public java.util.Optional<Cancellation> cancellation() {
                return current.get("p").cancellation();
            }

            @Override
            public java.io.InputStream openOutput(URI output) {
                return current.get("p").openOutput(output);
            }
        };
        private final GenerateImageService service = new GenerateImageService(new RequestValidator(TestCatalog.seedream()),
                new JobDriver(delegating, store, records, journal, clock, clock.sleeper(), PollingPolicy.DEFAULT, 10_000_000), journal, clock);

        Job generate(GenerateCommand command, JobListener listener, ScriptedProvider provider) {
            current.put("p", provider);
            return service.generate(command, listener);
        }
    }

    @Test
    void aJobIsNoticedWithinAboutATenthOfItsAge() {
        PollingPolicy policy = PollingPolicy.DEFAULT;
        assertThat(policy.waitAfter(Duration.ZERO)).isEqualTo(Duration.ofMillis(50));
        assertThat(policy.waitAfter(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.waitAfter(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.waitAfter(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void survivesStatusCallsThatFailAndStatesItDoesNotKnow() {
        provider.statusThrows(new ProviderUnavailableException("HTTP 503"))
                .statuses(RemoteState.UNKNOWN)
                .statusThrows(new ProviderUnavailableException("connection reset"))
                .statuses(RemoteState.SUCCEEDED)
                .succeedsWith(outputs(FIRST));

        assertThat(service.generate(command("p"), JobListener.NONE).state()).isEqualTo(STORED);
        assertThat(provider.statusCalls()).isEqualTo(4);
    }

    @Test
    void anOutputThatExpiredEndsTheJobExpired() {
        provider.statuses(RemoteState.SUCCEEDED)
                .result(new ProviderResult(RemoteState.SUCCEEDED, List.of(FIRST), Optional.empty(), Optional.of(BigDecimal.ONE)));

        Job job = service.generate(command("p"), JobListener.NONE);

        assertThat(job.state()).isEqualTo(EXPIRED);
        assertThat(job.note()).contains("no longer served");
    }

    @Test
    void aRefusedSubmitIsJournaledFailedAndRethrown() {
        provider.submitFails(new AuthenticationException("RunComfy refused the API token (HTTP 401)"));

        assertThatThrownBy(() -> service.generate(command("p"), JobListener.NONE)).isInstanceOf(AuthenticationException.class);
        assertThat(journal.jobs()).singleElement().satisfies(j -> {
            assertThat(j.state()).isEqualTo(FAILED);
            assertThat(j.note()).contains("HTTP 401");
        });
    }

    @Test
    void aSubmitWithAnUnknownOutcomeStaysSubmittingSoItIsNeverResubmittedBlindly() {
        provider.submitFails(new SubmissionOutcomeUnknownException("reset after sending"));

        assertThatThrownBy(() -> service.generate(command("p"), JobListener.NONE))
                .isInstanceOf(SubmissionOutcomeUnknownException.class)
                .hasMessageContaining("journaled as submitting, outcome unknown: reset after sending");
        assertThat(journal.jobs()).singleElement().extracting(Job::state).isEqualTo(SUBMITTING);
    }

    @Test
    void aSubmitThatCertainlyCreatedNothingEndsFailed() {
        provider.submitFails(new ProviderUnavailableException("connection refused"));

        assertThatThrownBy(() -> service.generate(command("p"), JobListener.NONE))
                .isInstanceOf(ProviderUnavailableException.class);
        assertThat(journal.jobs()).singleElement().extracting(Job::state).isEqualTo(FAILED);
    }

    @Test
    void drivingASucceededJobStoresItWithoutAskingTheProviderAgain() {
        provider.succeedsWith(outputs(FIRST));
        Instant t = clock.instant();
        Job succeeded = Job.pending(dev.easel.core.model.JobId.next(t),
                        new RequestValidator(TestCatalog.seedream()).validate(command("resume me")), t)
                .moveTo(SUBMITTING, t, "")
                .submitted(dev.easel.core.model.RequestId.of("req-9"), t)
                .succeeded(List.of(FIRST), null, t);

        Job job = driver.drive(succeeded, t.plusSeconds(60), JobListener.NONE);

        assertThat(job.state()).isEqualTo(STORED);
        assertThat(provider.statusCalls()).isZero();
        assertThat(provider.submitted()).isEmpty();
    }

    @Test
    void aJobAnotherProcessClaimedFirstIsNeitherSubmittedNorFollowedHere() {
        Instant t = clock.instant();
        Job pending = Job.pending(dev.easel.core.model.JobId.next(t), new RequestValidator(TestCatalog.seedream()).validate(command("contested")), t);
        journal.record(pending);
        Job claimedElsewhere = pending.moveTo(SUBMITTING, t.plusMillis(1), "another process");
        journal.record(claimedElsewhere);

        Job seen = driver.drive(pending, t.plusSeconds(60), JobListener.NONE);

        assertThat(seen).isEqualTo(claimedElsewhere);
        assertThat(provider.submitted()).isEmpty();
        assertThat(provider.statusCalls()).isZero();
    }

    @Test
    void submitOnlyReturnsOnceTheProviderHasTheJob() {
        Job job = submitting.submit(command("p"), JobListener.NONE);

        assertThat(job.state()).isEqualTo(JobState.SUBMITTED);
        assertThat(job.requestId()).isPresent();
        assertThat(provider.statusCalls()).isZero();
    }

    @Test
    void aSubmitJournalsItsNewJobOnceBeforeSendingIt() {
        Job job = submitting.submit(command("p"), JobListener.NONE);

        assertThat(journal.records()).extracting(Job::state).containsExactly(SUBMITTING, SUBMITTED);
        assertThat(submissionsSeenAtEachRecord).as("SUBMITTING is durable before the submit").containsExactly(0, 1);
        assertThat(journal.unwaited()).as("the answer goes out while SUBMITTED is committed (decision 0023)")
                .extracting(Job::state).containsExactly(SUBMITTED);
        assertThat(journal.records().get(0).history()).extracting(dev.easel.core.model.Transition::state)
                .containsExactly(PENDING, SUBMITTING);
        assertThat(journal.find(job.id()).orElseThrow()).isEqualTo(job);
    }

    @Test
    void aSubmitWhoseAnswerIsLostLeavesItsJobSubmitting() {
        provider.loseNextAnswer();

        assertThatThrownBy(() -> submitting.submit(command("p"), JobListener.NONE))
                .isInstanceOf(dev.easel.core.error.SubmissionOutcomeUnknownException.class);

        assertThat(journal.jobs()).extracting(Job::state).containsExactly(SUBMITTING);
        assertThat(provider.submitted()).hasSize(1);
    }

    @Test
    void theListenerHearsEveryChange() {
        provider.statuses(RemoteState.SUCCEEDED).succeedsWith(outputs(FIRST));
        List<JobState> heard = new ArrayList<>();

        service.generate(command("p"), new JobListener() {
            @Override
            public void onChange(Job job) {
                heard.add(job.state());
            }
        });

        assertThat(heard).containsExactly(PENDING, SUBMITTING, SUBMITTED, SUCCEEDED, STORED);
        assertThat(journal.unwaited()).as("a command that follows its own job waits for each record").isEmpty();
    }
}
