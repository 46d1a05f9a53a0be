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
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobServiceTest {

    private static final URI OUTPUT = URI.create("https://cdn.runcomfy.net/a.png");

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
    private final ScriptedProvider provider = new ScriptedProvider().statuses(RemoteState.SUCCEEDED)
            .succeedsWith(Map.of(OUTPUT, TestImages.png(16, 16)));
    private final InMemoryJobJournal journal = new InMemoryJobJournal();
    private final GenerationService generation = new GenerationService(TestCatalog.seedream(), provider,
            new InMemoryImageStore(), new InMemoryJobRecords(), journal, clock, clock.sleeper(), PollingPolicy.DEFAULT, 1_000_000);
    private final JobService jobs = new JobService(journal, provider, generation, clock);

    private Job journaled(JobState state) {
        GenerationRequest request = generation.validate(new GenerateCommand(SeedreamLiteTextToImage.MODEL,
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

        assertThat(jobs.find(submitted.id().value())).contains(submitted);
        assertThat(jobs.find("req-submitted")).contains(submitted);
        assertThat(jobs.find("20261121-000000-zzzzzz")).isEmpty();
        assertThatThrownBy(() -> jobs.find("not an id!")).isInstanceOf(JobNotFoundException.class);
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

        CancelReport neverSent = jobs.cancel(pending.id().value());
        CancelReport busy = jobs.cancel(running.id().value());
        CancelReport abandoned = jobs.cancel(unknown.id().value());

        assertThat(neverSent.cancelled()).isTrue();
        assertThat(journal.find(pending.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(busy.outcome()).isEqualTo(CancelOutcome.NOT_CANCELLABLE);
        assertThat(busy.message()).contains("already running");
        assertThat(journal.find(running.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        assertThat(abandoned.message()).contains("outcome is unknown");
        assertThat(jobs.cancel(pending.id().value()).message()).contains("already ended: cancelled");
        assertThat(jobs.cancel("some-request-id").outcome()).isEqualTo(CancelOutcome.NOT_CANCELLABLE);
    }
}
