package dev.easel.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.model.RequestId;
import dev.easel.core.model.RemoteState;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import dev.easel.core.port.in.GenerateCommand;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.port.in.TrackJobsUseCase;
import dev.easel.core.port.out.JobJournal;
import dev.easel.core.testing.Await;
import dev.easel.core.testing.InMemoryImageStore;
import dev.easel.core.testing.InMemoryJobJournal;
import dev.easel.core.testing.InMemoryJobRecords;
import dev.easel.core.testing.ScriptedProvider;
import dev.easel.core.testing.TestCatalog;
import dev.easel.core.testing.TestImages;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server's periodic takeover of orphaned jobs, on real scheduler threads and a journal shared with
 * another (simulated) process: only jobs no live process holds are taken, each once; a job whose
 * submit outcome is unknown is reported once and never sent.
 */
class TakeOverOrphansTest {

    private static final URI OUTPUT = URI.create("https://cdn.runcomfy.net/a.png");

    private final Clock clock = Clock.systemUTC();
    private final ScriptedProvider provider = new ScriptedProvider().statuses(RemoteState.SUCCEEDED)
            .succeedsWith(Map.of(OUTPUT, TestImages.png(16, 16)));
    private final SharedJournal journal = new SharedJournal();
    private final JobDriver driver = new JobDriver(provider, new InMemoryImageStore(), new InMemoryJobRecords(), journal, clock,
            Sleeper.SYSTEM, PollingPolicy.DEFAULT, 1_000_000);
    private final JobScheduler scheduler = JobScheduler.start(driver, clock, 2, 1, new CallBudget(1000, 100));
    private final TrackJobsService jobs = new TrackJobsService(journal, provider, driver, scheduler, clock);

    /** A journal with leases: jobs in {@code elsewhere} are held by another live process. */
    private static final class SharedJournal extends InMemoryJobJournal {
        final Set<JobId> elsewhere = ConcurrentHashMap.newKeySet();
        final Set<JobId> mine = ConcurrentHashMap.newKeySet();
        final AtomicInteger looks = new AtomicInteger();

        @Override
        public synchronized boolean follow(JobId id) {
            boolean free = find(id).map(j -> !j.state().isTerminal()).orElse(false) && !elsewhere.contains(id);
            if (free) {
                mine.add(id);
            }
            return free;
        }

        @Override
        public synchronized void unfollow(JobId id) {
            mine.remove(id);
        }

        @Override
        public synchronized List<Job> orphans(String provider, int limit, boolean pendingToo) {
            looks.incrementAndGet();
            return super.orphans(provider, Integer.MAX_VALUE, pendingToo).stream()
                    .filter(j -> !elsewhere.contains(j.id()) && !mine.contains(j.id())).limit(limit).toList();
        }

        @Override
        public Optional<Duration> lease() {
            return Optional.of(Duration.ofMillis(200));
        }
    }

    @AfterEach
    void stop() {
        scheduler.close();
    }

    private Job journaled(String prompt, JobState state) {
        return journaled(journal, prompt, state);
    }

    private Job journaled(JobJournal into, String prompt, JobState state) {
        GenerationRequest request = new RequestValidator(TestCatalog.seedream()).validate(
                new GenerateCommand(SeedreamLiteTextToImage.MODEL, Map.of("prompt", prompt), null));
        Instant now = clock.instant();
        Job job = Job.pending(JobId.next(now), request, now);
        if (state != JobState.PENDING) {
            job = job.moveTo(JobState.SUBMITTING, now, "");
        }
        if (state == JobState.SUBMITTED) {
            job = job.submitted(RequestId.of("req-" + prompt.hashCode()), now);
        }
        into.record(job);
        return job;
    }

    @Test
    void aServerTakesOverOnlyWhatNoLiveProcessHoldsAndNeverResendsAnUnknownSubmit() {
        Job heldByTheOther = journaled("held by a live process", JobState.SUBMITTED);
        Job unknown = journaled("its submit answer was lost", JobState.SUBMITTING);
        journal.elsewhere.add(heldByTheOther.id());
        List<String> warnings = new CopyOnWriteArrayList<>();

        try (TrackJobsUseCase.TakeOver takeOver = jobs.takeOver(8, Duration.ofMinutes(1), JobListener.NONE, warnings::add)) {
            Await.until("several looks at the journal", Duration.ofSeconds(30), () -> journal.looks.get() >= 4);
            assertThat(provider.statusCalls()).as("nothing is polled while the other process lives").isZero();
            assertThat(journal.find(heldByTheOther.id()).orElseThrow().state()).isEqualTo(JobState.SUBMITTED);
            assertThat(warnings).as("the unknown submit is reported once, not retried").hasSize(1)
                    .allSatisfy(w -> assertThat(w).contains(unknown.id().value(), "not sent again"));

            journal.elsewhere.remove(heldByTheOther.id());
            Await.until("the orphan to be taken over and stored", Duration.ofSeconds(30),
                    () -> journal.find(heldByTheOther.id()).orElseThrow().state() == JobState.STORED);
        }

        assertThat(provider.submitted()).as("nothing is sent: the orphan was submitted, the unknown one is never resent").isEmpty();
        assertThat(journal.find(unknown.id()).orElseThrow().state()).isEqualTo(JobState.SUBMITTING);
        assertThat(warnings).hasSize(1);
    }

    @Test
    void aServerNeverSendsPendingJobsAStoppedProcessLeft() {
        // A batch stopped by its user leaves its unsent lines PENDING and frees their leases.
        Job unsent = journaled("a line the stopped batch never sent", JobState.PENDING);
        Job sent = journaled("a line it had sent", JobState.SUBMITTED);
        List<String> warnings = new CopyOnWriteArrayList<>();

        try (TrackJobsUseCase.TakeOver takeOver = jobs.takeOver(8, Duration.ofMinutes(1), JobListener.NONE, warnings::add)) {
            Await.until("the sent job to be taken over and stored", Duration.ofSeconds(30),
                    () -> journal.find(sent.id()).orElseThrow().state() == JobState.STORED);
            int looked = journal.looks.get();
            Await.until("more looks at the journal", Duration.ofSeconds(30), () -> journal.looks.get() >= looked + 3);
        }

        assertThat(provider.submitted()).as("the pending line is not sent: it waits for easel resume").isEmpty();
        assertThat(journal.find(unsent.id()).orElseThrow().state()).isEqualTo(JobState.PENDING);
        assertThat(journal.orphans(10)).as("resume still finds it").extracting(Job::id).containsExactly(unsent.id());
        assertThat(warnings).isEmpty();
    }

    @Test
    void aServerTakesOnlyJobsMadeForItsProviderAndResumeSaysWhatItLeft() {
        Job mine = journaled("made for this server's provider", JobState.SUBMITTED);
        Job other = journaled("made for modelark", JobState.PENDING).madeFor("modelark");
        journal.record(other);
        Job otherSent = other.moveTo(JobState.SUBMITTING, clock.instant(), "").submitted(RequestId.of("ark-1"), clock.instant());
        Job legacy = Job.restore(JobId.next(clock.instant()), otherSent.request(), RequestId.of("ark-2"), otherSent.history(),
                List.of(), List.of(), null, null);
        journal.record(legacy);

        try (TrackJobsUseCase.TakeOver takeOver = jobs.takeOver(8, Duration.ofMinutes(1), JobListener.NONE, w -> { })) {
            Await.until("this provider's orphan to be stored", Duration.ofSeconds(30),
                    () -> journal.find(mine.id()).orElseThrow().state() == JobState.STORED);
            int looked = journal.looks.get();
            Await.until("more looks at the journal", Duration.ofSeconds(30), () -> journal.looks.get() >= looked + 3);
        }

        assertThat(provider.statusCalls()).as("only this provider's job was polled").isEqualTo(1);
        assertThat(journal.find(legacy.id()).orElseThrow().state()).as("a ModelArk request id recorded before the provider was")
                .isEqualTo(JobState.SUBMITTED);
        assertThat(jobs.resume(4, Duration.ofMinutes(1), JobListener.NONE)).isEmpty();
        assertThat(provider.submitted()).isEmpty();
        assertThat(jobs.leftForOtherProviders()).containsExactly(Map.entry("modelark", 2L));
    }

    @Test
    void aJobOfAnotherProviderIsNeverPolledHere() {
        Job other = journaled("made for modelark", JobState.SUBMITTED).madeFor("modelark");
        journal.record(other);

        assertThatThrownBy(() -> jobs.result(other.id().value(), Duration.ofSeconds(5), JobListener.NONE))
                .hasMessageContaining("made for provider modelark, not runcomfy").hasMessageContaining("--provider modelark");
        assertThat(jobs.status(other.id().value()).live()).as("status shows the journal's view only").isEmpty();
        assertThat(provider.statusCalls()).isZero();
    }

    @Test
    void aFailedTakeOverSaysWhatBecameOfTheJob() {
        SharedJournal shared = new SharedJournal();
        Job orphan = journaled(shared, "ended by another process while this one polled", JobState.SUBMITTED);
        ScriptedProvider failing = new ScriptedProvider().statusFrom(() -> {
            Job now = shared.find(orphan.id()).orElseThrow();
            shared.record(now.moveTo(JobState.FAILED, clock.instant(), "cancelled by its owner"));
            throw new IllegalStateException("the provider broke off");
        });
        JobDriver failingDriver = new JobDriver(failing, new InMemoryImageStore(), new InMemoryJobRecords(), shared, clock,
                Sleeper.SYSTEM, PollingPolicy.DEFAULT, 1_000_000);
        List<String> warnings = new CopyOnWriteArrayList<>();
        try (JobScheduler own = JobScheduler.start(failingDriver, clock, 2, 1, new CallBudget(1000, 100));
             TrackJobsUseCase.TakeOver takeOver = new TrackJobsService(shared, failing, failingDriver, own, clock)
                     .takeOver(8, Duration.ofMinutes(1), JobListener.NONE, warnings::add)) {
            Await.until("a warning", Duration.ofSeconds(30), () -> !warnings.isEmpty());
        }

        assertThat(warnings).singleElement().satisfies(w -> assertThat(w)
                .contains(orphan.id().value(), "ended FAILED", "the provider broke off")
                .doesNotContain("stays journaled"));
    }
}
