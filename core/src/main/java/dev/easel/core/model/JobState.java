package dev.easel.core.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a job is in its life: {@code PENDING → SUBMITTING → SUBMITTED → QUEUED → RUNNING → SUCCEEDED →
 * STORED}, or one of the ends {@code FAILED}, {@code CANCELLED}, {@code EXPIRED}. A job may skip
 * forward (a fast job goes from SUBMITTED straight to SUCCEEDED) but never goes back.
 *
 * <p>{@code SUBMITTING} is journaled just before the submit is sent. A job left in it (the process
 * died, or the connection broke after sending) may exist, and be billed, at the provider: it is never
 * submitted again automatically, only reported.
 */
public enum JobState {
    PENDING,
    SUBMITTING,
    SUBMITTED,
    QUEUED,
    RUNNING,
    SUCCEEDED,
    STORED,
    FAILED,
    CANCELLED,
    EXPIRED;

    private static final Set<JobState> TERMINAL = EnumSet.of(STORED, FAILED, CANCELLED, EXPIRED);

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** Whether the provider holds this job: it was submitted and has not ended. */
    public boolean isAtProvider() {
        return this == SUBMITTED || this == QUEUED || this == RUNNING;
    }

    public boolean canMoveTo(JobState next) {
        return switch (this) {
            case PENDING -> next == SUBMITTING || next == FAILED || next == CANCELLED;
            case SUBMITTING -> next == SUBMITTED || next == FAILED || next == CANCELLED;
            case SUBMITTED -> next == QUEUED || next == RUNNING || leavesProvider(next);
            case QUEUED -> next == RUNNING || leavesProvider(next);
            case RUNNING -> leavesProvider(next);
            case SUCCEEDED -> next == STORED || next == EXPIRED || next == FAILED;
            case STORED, FAILED, CANCELLED, EXPIRED -> false;
        };
    }

    private static boolean leavesProvider(JobState next) {
        return next == SUCCEEDED || next == FAILED || next == CANCELLED || next == EXPIRED;
    }
}
