package dev.easel.core.model;

/** A provider's answer to a cancel: only queued jobs can be cancelled. */
public enum CancelOutcome {
    CANCELLED,
    NOT_CANCELLABLE
}
