package dev.easel.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.model.RemoteState;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import dev.easel.core.port.in.GenerateCommand;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.port.in.TrackJobsUseCase;
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
        public synchronized List<Job> orphans(int limit) {
            looks.incrementAndGet();
            return jobs().stream().filter(j -> !j.state().isTerminal())
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

    private Job journaled(String prompt, boolean sending) {
        GenerationRequest request = new RequestValidator(TestCatalog.seedream()).validate(
                new GenerateCommand(SeedreamLiteTextToImage.MODEL, Map.of("prompt", prompt), null));
        Instant now = clock.instant();
        Job job = Job.pending(JobId.next(now), request, now);
        if (sending) {
            job = job.moveTo(JobState.SUBMITTING, now, "");
        }
        journal.record(job);
        return job;
    }

    @Test
    void aServerTakesOverOnlyWhatNoLiveProcessHoldsAndNeverResendsAnUnknownSubmit() {
        Job heldByTheOther = journaled("held by a live process", false);
        Job unknown = journaled("its submit answer was lost", true);
        journal.elsewhere.add(heldByTheOther.id());
        List<String> warnings = new CopyOnWriteArrayList<>();

        try (TrackJobsUseCase.TakeOver takeOver = jobs.takeOver(8, Duration.ofMinutes(1), JobListener.NONE, warnings::add)) {
            Await.until("several looks at the journal", Duration.ofSeconds(30), () -> journal.looks.get() >= 4);
            assertThat(provider.submitted()).as("nothing is sent while the other process lives").isEmpty();
            assertThat(journal.find(heldByTheOther.id()).orElseThrow().state()).isEqualTo(JobState.PENDING);
            assertThat(warnings).as("the unknown submit is reported once, not retried").hasSize(1)
                    .allSatisfy(w -> assertThat(w).contains(unknown.id().value(), "not sent again"));

            journal.elsewhere.remove(heldByTheOther.id());
            Await.until("the orphan to be taken over and stored", Duration.ofSeconds(30),
                    () -> journal.find(heldByTheOther.id()).orElseThrow().state() == JobState.STORED);
        }

        assertThat(provider.submitted()).as("the orphan is sent once; the unknown one never").hasSize(1);
        assertThat(journal.find(unknown.id()).orElseThrow().state()).isEqualTo(JobState.SUBMITTING);
        assertThat(warnings).hasSize(1);
    }
}
