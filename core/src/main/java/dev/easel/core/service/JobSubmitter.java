package dev.easel.core.service;

import dev.easel.core.error.SubmissionOutcomeUnknownException;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import dev.easel.core.model.Submission;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.JobJournal;
import java.time.Clock;
import java.util.Optional;

/**
 * Claims a PENDING job in the journal (journaled SUBMITTING: from here on it may exist at the
 * provider), submits it, and journals the answer: SUBMITTED with the request id, or, when a
 * synchronous service answered with the outcome, the outcome too, in the same write.
 */
final class JobSubmitter {

    private final GenerationProvider provider;
    private final JobJournal journal;
    private final Journaling journaling;
    private final OutcomeRecorder outcomes;
    private final Clock clock;

    JobSubmitter(GenerationProvider provider, JobJournal journal, OutcomeRecorder outcomes, Clock clock) {
        this.provider = provider;
        this.journal = journal;
        this.journaling = new Journaling(journal);
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /** The job as the answer left it; empty when another process claimed it first (it drives it on). */
    Optional<Job> submit(Job pending, JobListener listener) {
        Job sending = pending.moveTo(JobState.SUBMITTING, clock.instant(), "");
        if (!journal.recordIfUnchanged(pending, sending)) {
            return Optional.empty();
        }
        listener.onChange(sending);
        Submission answer;
        try {
            answer = provider.submit(sending.request());
        } catch (SubmissionOutcomeUnknownException unknown) {
            // The provider may have created (and will bill) the job: it stays SUBMITTING in the
            // journal and is never resubmitted blindly.
            throw new SubmissionOutcomeUnknownException("job " + pending.id() + " is journaled as submitting, outcome unknown: "
                    + unknown.getMessage(), unknown);
        } catch (RuntimeException refused) {
            journaling.record(sending.moveTo(JobState.FAILED, clock.instant(), refused.getMessage()), listener);
            throw refused;
        }
        Job submitted = sending.submitted(answer.id(), clock.instant());
        if (answer instanceof Submission.Finished finished) {
            return Optional.of(outcomes.finish(submitted, finished.result(), listener));
        }
        return Optional.of(journaling.record(submitted, listener));
    }
}
