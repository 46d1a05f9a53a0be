package dev.easel.core.port.in;

import dev.easel.core.model.CancelOutcome;
import dev.easel.core.model.Job;
import java.util.Objects;
import java.util.Optional;

/** What a cancel did: the journaled job (if Easel knows it), the outcome, and a sentence for a person. */
public record CancelReport(Optional<Job> job, CancelOutcome outcome, String message) {

    public CancelReport {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
    }

    public boolean cancelled() {
        return outcome == CancelOutcome.CANCELLED;
    }
}
