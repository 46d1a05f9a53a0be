package dev.easel.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.core.error.JobNotFoundException;
import dev.easel.core.model.CancelOutcome;
import dev.easel.core.model.GenerationRequest;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobId;
import dev.easel.core.model.JobState;
import dev.easel.core.model.RemoteState;
import dev.easel.core.model.RequestId;
import dev.easel.core.model.seedream.SeedreamLiteTextToImage;
import dev.easel.core.port.in.CancelReport;
import dev.easel.core.port.in.GenerateCommand;
import dev.easel.core.port.in.JobListener;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackAndCancelJobsTest {

    private static final URI OUTPUT = URI.create("https://cdn.runcomfy.net/a.png");

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
    private final ScriptedProvider provider = new ScriptedProvider().statuses(RemoteState.SUCCEEDED)
            .succeedsWith(Map.of(OUTPUT, TestImages.png(16, 16))).cancelsQueued();
    private final InMemoryJobJournal journal = new InMemoryJobJournal();
    private final RequestValidator validator = new RequestValidator(TestCatalog.seedream());
    private final JobDriver driver = new JobDriver(provider, new InMemoryImageStore(), new InMemoryJobRecords(), journal, clock, clock.sleeper(),
            PollingPolicy.DEFAULT, 1_000_000);
    private final JobScheduler scheduler = new JobScheduler(driver, new VirtualTimer(clock), Runnable::run, Runnable::run,
            new CallBudget(1000, 1000), clock);
    private final TrackJobsService jobs = new TrackJobsService(journal, provider, driver, scheduler, clock);
    private final CancelJobService cancelling = new CancelJobService(journal, provider, clock);

    private Job journaled(JobState state) {
        GenerationRequest request = validator.validate(new GenerateCommand(SeedreamLiteTextToImage.MODEL,
                Map.of("prompt", "state " + state), null));
        Job job = Job.pending(JobId.next(clock.instant()), request, clock.instant());
        if (state != JobState.PENDING) {
            job = job.moveTo(JobState.SUBMITTING, clock.instant(), "");
        }
        if (state == JobState.SUBMITTED || state == JobState.RUNNING || state == JobState.SUCCEEDED) {
            job = job.submitted(RequestId.of("req-" + state.name().toLowerCase()), clock.instant());
        }
        if (state == JobState.RUNNING) {
            job = job.moveTo(JobState.RUNNING, clock.instant(), "");
        }
        if (state == JobState.SUCCEEDED) {
            job = job.succeeded(List.of(OUTPUT), null, clock.instant());
        }
        journal.record(job);
        return job;
    }

    @Test
    void resumeFinishesEveryUnfinishedJobAndReportsTheUnknownOnes() {
        Job pending = journaled(JobState.PENDING);
        Job submitted = journaled(JobState.SUBMITTED);
        Job succeeded = journaled(JobState.SUCCEEDED);
        Job unknown = journaled(JobState.SUBMITTING);

        List<Job> ended = jobs.resume(2, Duration.ofMinutes(1), JobListener.NONE);

        assertThat(ended).extracting(Job::id).containsExactly(pending.id(), submitted.id(), succeeded.id(), unknown.id());
        assertThat(ended).extracting(Job::state)
                .containsExactly(JobState.STORED, JobState.STORED, JobState.STORED, JobState.SUBMITTING);
        assertThat(provider.submitted()).as("only the never-sent job is submitted").hasSize(1);
        assertThat(jobs.resume(2, Duration.ofMinutes(1), JobListener.NONE)).extracting(Job::state)
                .containsExactly(JobState.SUBMITTING);
    }

    @Test
    void findsJobsByJobIdOrRequestId() {
        Job submitted = journaled(JobState.SUBMITTED);

        assertThat(jobs.job(submitted.id().value())).isEqualTo(submitted);
        assertThat(jobs.job("req-submitted")).isEqualTo(submitted);
        assertThatThrownBy(() -> jobs.job("20261121-000000-zzzzzz")).isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> jobs.job("not an id!")).isInstanceOf(JobNotFoundException.class)
                .hasMessageContaining("neither an Easel job id");
    }

    @Test
    void followingCompletesWithTheStoredJobWithoutAThreadWaiting() {
        Job submitted = journaled(JobState.SUBMITTED);

        Job ended = jobs.follow(submitted.id().value(), Duration.ofMinutes(1), JobListener.NONE).join();

        assertThat(ended.state()).isEqualTo(JobState.STORED);
        assertThat(journal.find(submitted.id()).orElseThrow()).isEqualTo(ended);
    }

    @Test
    void statusAsksTheProviderOnlyWhileItHoldsTheJob() {
        Job running = journaled(JobState.RUNNING);
        Job pending = journaled(JobState.PENDING);

        assertThat(jobs.job(running.id().value())).isEqualTo(running);
        assertThat(provider.statusCalls()).as("job() reads the journal only").isZero();
        assertThat(jobs.status(running.id().value()).live()).isPresent();
        assertThat(jobs.status(pending.id().value()).live()).isEmpty();
        assertThat(provider.statusCalls()).isEqualTo(1);
        assertThatThrownBy(() -> jobs.status("20261121-000000-zzzzzz")).isInstanceOf(JobNotFoundException.class)
                .hasMessageContaining("easel jobs");
    }

    @Test
    void resultStoresAFinishedJobThatWasNotStoredYet() {
        Job succeeded = journaled(JobState.SUCCEEDED);

        Job result = jobs.result(succeeded.id().value(), Duration.ofMinutes(1), JobListener.NONE);

        assertThat(result.state()).isEqualTo(JobState.STORED);
        assertThat(result.images()).hasSize(1);
        assertThat(jobs.result(succeeded.id().value(), Duration.ofMinutes(1), JobListener.NONE)).isEqualTo(result);
    }

    @Test
    void cancelling() {
        Job pending = journaled(JobState.PENDING);
        Job running = journaled(JobState.RUNNING);
        Job unknown = journaled(JobState.SUBMITTING);

        jobs.status(running.id().value());
        CancelReport neverSent = cancelling.cancel(pending.id().value());
        CancelReport busy = cancelling.cancel(running.id().value());
        CancelReport abandoned = cancelling.cancel(unknown.id().value());

        assertThat(neverSent.cancelled()).isTrue();
        assertThat(journal.find(pending.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(busy.outcome()).isEqualTo(CancelOutcome.NOT_CANCELLABLE);
        assertThat(busy.message()).contains("already running");
        assertThat(journal.find(running.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        assertThat(abandoned.message()).contains("outcome is unknown");
        assertThat(cancelling.cancel(pending.id().value()).message()).contains("already ended: cancelled");
        assertThat(cancelling.cancel("some-request-id").outcome()).isEqualTo(CancelOutcome.NOT_CANCELLABLE);
    }

    @Test
    void oneRuleSaysWhichJobsCanBeCancelledAndAProviderThatCannotCancelIsAnOrdinaryAnswer() {
        Job pending = journaled(JobState.PENDING);
        Job submitted = journaled(JobState.SUBMITTED);
        Job running = journaled(JobState.RUNNING);
        Job unknown = journaled(JobState.SUBMITTING);
        CancelJobService withoutCancel = new CancelJobService(journal, new ScriptedProvider().synchronous(), clock);

        assertThat(List.of(pending, submitted, running, unknown)).map(cancelling::cancellable)
                .containsExactly(true, true, false, false);
        assertThat(List.of(pending, submitted, running, unknown)).map(withoutCancel::cancellable)
                .containsExactly(true, false, false, false);
        CancelReport refused = withoutCancel.cancel(submitted.id().value());
        assertThat(refused.outcome()).isEqualTo(CancelOutcome.NOT_CANCELLABLE);
        assertThat(refused.message()).contains("this provider cannot cancel jobs", "stays journaled");
        assertThat(journal.find(submitted.id()).orElseThrow().state()).isEqualTo(JobState.SUBMITTED);
    }
}
