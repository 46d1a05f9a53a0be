package dev.easel.core.model;

/**
 * A job's state as the provider reports it, mapped from its own words. {@link #UNKNOWN} is any word
 * the provider has not documented: it means "not finished yet", never an end.
 */
public enum RemoteState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    UNKNOWN;

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
