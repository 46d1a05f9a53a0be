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
 * synchronous service answered with the outcome, the outcome too, in the same write. A job made
 * for this call, which no other process can know of, is journaled straight as SUBMITTING (its
 * history still shows it PENDING first): one journal write before the submit instead of two.
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
        return Optional.of(send(sending, listener, true));
    }

    /**
     * Submits a job made for this call and never journaled: it is journaled SUBMITTING, then sent.
     * A crash before that write leaves nothing sent and nothing journaled; after it, the job is
     * SUBMITTING, as for any claimed job. The caller answers a client (the API, the gateway, MCP), so
     * it gets the job as soon as the provider has accepted it: the SUBMITTED record is being committed
     * meanwhile, not waited for (decision 0023: what is durable when is unchanged, only the answer
     * goes out during that commit).
     */
    Job submitNew(Job fresh, JobListener listener) {
        if (fresh.state() != JobState.PENDING) {
            throw new IllegalArgumentException("job " + fresh.id() + " is " + fresh.state() + ", not a new PENDING job");
        }
        Job sending = journaling.record(fresh.moveTo(JobState.SUBMITTING, clock.instant(), ""), listener);
        return send(sending, listener, false);
    }

    private Job send(Job sending, JobListener listener, boolean waitForSubmitted) {
        Submission answer;
        try {
            answer = provider.submit(sending.request());
        } catch (SubmissionOutcomeUnknownException unknown) {
            // The provider may have created (and will bill) the job: it stays SUBMITTING in the
            // journal and is never resubmitted blindly.
            throw new SubmissionOutcomeUnknownException("job " + sending.id() + " is journaled as submitting, outcome unknown: "
                    + unknown.getMessage(), unknown);
        } catch (RuntimeException refused) {
            journaling.record(sending.moveTo(JobState.FAILED, clock.instant(), refused.getMessage()), listener);
            throw refused;
        }
        Job submitted = sending.submitted(answer.id(), clock.instant());
        if (answer instanceof Submission.Finished finished) {
            return outcomes.finish(submitted, finished.result(), listener);
        }
        return waitForSubmitted ? journaling.record(submitted, listener) : journaling.recordWithoutWaiting(submitted, listener);
    }
}
