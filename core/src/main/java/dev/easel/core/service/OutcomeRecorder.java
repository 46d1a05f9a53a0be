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
        Instant now = clock.instant();
        return switch (result.state()) {
            case SUCCEEDED -> result.outputs().isEmpty()
                    ? journaling.record(job.moveTo(JobState.FAILED, now, "the provider reported success but returned no output"), listener)
                    : journaling.record(job.succeeded(result.outputs(), result.cost().orElse(null), now,
                            result.error().orElse("")), listener);
            case FAILED -> journaling.record(job.moveTo(JobState.FAILED, now,
                    result.error().orElse("the provider reported a failure without a reason")), listener);
            case CANCELLED -> journaling.record(job.moveTo(JobState.CANCELLED, now, "cancelled at the provider"), listener);
            // The status said finished but the result does not yet: poll again.
            default -> job;
        };
    }
}
