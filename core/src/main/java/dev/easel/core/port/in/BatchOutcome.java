package dev.easel.core.port.in;

import dev.easel.core.model.Job;
import java.util.Objects;
import java.util.Optional;

/** How one item of a batch ended, with its job when it has one and a sentence for a person. */
public record BatchOutcome(BatchItem item, Kind kind, Optional<Job> job, String message) {

    /** The ways an item can end. */
    public enum Kind {
        /** Generated and stored in this run. */
        STORED,
        /** Stored by an earlier run of the same batch: nothing was paid again. */
        ALREADY_STORED,
        /** Failed, cancelled or expired; the reason is in the message. */
        FAILED,
        /** Still at the provider when the timeout passed; resumable. */
        UNFINISHED,
        /** An earlier run's submit has an unknown outcome: not sent again. */
        UNKNOWN,
        /** Invalid, and skipped with --skip-invalid. */
        INVALID,
        /** Not started because the batch stopped (the token was refused, the balance ran out). */
        NOT_STARTED
    }

    public BatchOutcome {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(job, "job");
        message = message == null ? "" : message;
    }
}
