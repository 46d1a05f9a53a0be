package dev.easel.core.service;

import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import dev.easel.core.model.ProviderResult;
import dev.easel.core.port.in.JobListener;
import java.time.Clock;
import java.time.Instant;

/**
 * Journals what a service said of a finished request, whether a poll found it or the submit's
 * answer carried it: SUCCEEDED with the outputs, FAILED with the reason, or CANCELLED.
 */
final class OutcomeRecorder {

    private final Journaling journaling;
    private final Clock clock;

    OutcomeRecorder(Journaling journaling, Clock clock) {
        this.journaling = journaling;
        this.clock = clock;
    }

    /** The job moved to its outcome, or unchanged while the result is not final yet. */
    Job finish(Job job, ProviderResult result, JobListener listener) {
        return finish(job, result, listener, false);
    }

    /**
     * As {@link #finish(Job, ProviderResult, JobListener)}, for a result a poll fetched: the job is
     * durable as submitted with its request id, so the result can be fetched again, and its SUCCEEDED
     * is noted, committed with the journal's next write (decision 0026). The store that follows
     * downloads meanwhile; its STORED record, queued after it and waited for, commits both before the
     * outputs are released. A crash before then leaves the job at the provider in the journal, polled
     * and stored again; nothing is submitted.
     */
    Job finishPolled(Job job, ProviderResult result, JobListener listener) {
        return finish(job, result, listener, true);
    }

    private Job finish(Job job, ProviderResult result, JobListener listener, boolean refetchable) {
        Instant now = clock.instant();
        return switch (result.state()) {
            case SUCCEEDED -> {
                if (result.outputs().isEmpty()) {
                    yield journaling.record(job.moveTo(JobState.FAILED, now, "the provider reported success but returned no output"), listener);
                }
                Job succeeded = job.succeeded(result.outputs(), result.cost().orElse(null), now, result.error().orElse(""));
                yield refetchable ? journaling.note(succeeded, listener) : journaling.record(succeeded, listener);
            }
            case FAILED -> journaling.record(job.moveTo(JobState.FAILED, now,
                    result.error().orElse("the provider reported a failure without a reason")), listener);
            case CANCELLED -> journaling.record(job.moveTo(JobState.CANCELLED, now, "cancelled at the provider"), listener);
            // The status said finished but the result does not yet: poll again.
            default -> job;
        };
    }
}
