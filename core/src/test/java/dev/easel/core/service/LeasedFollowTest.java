package dev.easel.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.model.RemoteState;
import dev.easel.core.model.RequestId;
import dev.easel.core.model.StoredImage;
import dev.easel.core.model.MediaType;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
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
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/** Following under a lease: a job another live process follows is watched, never followed twice. */
class LeasedFollowTest {

    private static final URI OUTPUT = URI.create("https://cdn.runcomfy.net/a.png");

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
    private final ScriptedProvider provider = new ScriptedProvider()
            .succeedsWith(Map.of(OUTPUT, TestImages.png(16, 16)));
    private final SharedJournal journal = new SharedJournal();
    private final JobDriver driver = new JobDriver(provider, new InMemoryImageStore(), new InMemoryJobRecords(), journal, clock,
            clock.sleeper(), PollingPolicy.DEFAULT, 1_000_000);
    private final JobScheduler scheduler = new JobScheduler(driver, new VirtualTimer(clock), Runnable::run, Runnable::run,
            new CallBudget(1000, 1000), clock);
    private final LeasedFollow leased = new LeasedFollow(journal, scheduler, clock);

    /** A journal shared with another process, which holds the job while {@code heldElsewhere} says so (by claim attempt). */
    private static final class SharedJournal extends InMemoryJobJournal {
        IntPredicate heldElsewhere = attempt -> false;
        int attempts;
        final List<JobId> givenUp = new ArrayList<>();
        Runnable onFind = () -> { };

        @Override
        public synchronized boolean follow(JobId id) {
            return find(id).map(j -> !j.state().isTerminal()).orElse(false) && !heldElsewhere.test(++attempts);
        }

        @Override
        public synchronized void unfollow(JobId id) {
            givenUp.add(id);
        }

        @Override
        public synchronized Optional<Job> find(JobId id) {
            onFind.run();
            return super.find(id);
        }

        @Override
        public Optional<Duration> lease() {
            return Optional.of(Duration.ofSeconds(30));
        }
    }

    private Job submitted() {
        GenerationRequest request = new RequestValidator(TestCatalog.seedream()).validate(
                new GenerateCommand(SeedreamLiteTextToImage.MODEL, Map.of("prompt", "held elsewhere"), null));
        Job job = Job.pending(JobId.next(clock.instant()), request, clock.instant())
                .moveTo(JobState.SUBMITTING, clock.instant(), "").submitted(RequestId.of("req-1"), clock.instant());
        journal.record(job);
        return job;
    }

    @Test
    void aJobAnotherProcessFollowsIsWatchedUntilThatProcessStoresIt() {
        Job job = submitted();
        journal.heldElsewhere = attempt -> true;
        Job storedElsewhere = job.moveTo(JobState.RUNNING, clock.instant(), "").succeeded(List.of(OUTPUT), null, clock.instant())
                .stored(List.of(new StoredImage("2026-11-21/a-1.png", 10, "0".repeat(64), MediaType.PNG, 16, 16)), clock.instant());
        int[] finds = new int[1];
        journal.onFind = () -> {
            if (++finds[0] == 4) {
                journal.record(storedElsewhere);
            }
        };
        List<JobState> heard = new ArrayList<>();

        Job ended = leased.follow(job, clock.instant().plus(Duration.ofMinutes(5)), new JobListener() {
            @Override
            public void onChange(Job changed) {
                heard.add(changed.state());
            }
        }).join();

        assertThat(ended.state()).isEqualTo(JobState.STORED);
        assertThat(provider.statusCalls()).as("this process never polled a job another one follows").isZero();
        assertThat(heard).containsExactly(JobState.STORED);
        assertThat(journal.givenUp).isEmpty();
    }

    @Test
    void aJobWhoseFollowerDiedIsTakenOverOnceItsLeaseRunsOut() {
        Job job = submitted();
        journal.heldElsewhere = attempt -> attempt <= 3;
        provider.statuses(RemoteState.SUCCEEDED);

        Job ended = leased.follow(job, clock.instant().plus(Duration.ofMinutes(5)), JobListener.NONE).join();

        assertThat(ended.state()).isEqualTo(JobState.STORED);
        assertThat(journal.attempts).as("claimed on the fourth look").isEqualTo(4);
        assertThat(provider.statusCalls()).isPositive();
        assertThat(provider.submitted()).as("a job at the provider is never sent again").isEmpty();
    }

    @Test
    void aFollowThatEndsWithTheJobUnfinishedGivesItsLeaseUp() {
        Job job = submitted();
        provider.statuses(RemoteState.RUNNING);

        Job ended = leased.follow(job, clock.instant().plus(Duration.ofMinutes(1)), JobListener.NONE).join();

        assertThat(ended.state().isTerminal()).isFalse();
        assertThat(journal.givenUp).containsExactly(job.id());
        assertThat(leased.gaveUp(job.id())).isTrue();
    }

    @Test
    void aWatchEndsWhenItsDeadlinePassesWithTheJobStillElsewhere() {
        Job job = submitted();
        journal.heldElsewhere = attempt -> true;

        Job ended = leased.follow(job, clock.instant().plus(Duration.ofSeconds(10)), JobListener.NONE).join();

        assertThat(ended.state()).isEqualTo(JobState.SUBMITTED);
        assertThat(provider.statusCalls()).isZero();
        assertThat(journal.givenUp).as("it never held the job").isEmpty();
    }
}
