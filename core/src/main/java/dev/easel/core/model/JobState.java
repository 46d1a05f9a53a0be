package dev.easel.core.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a job is in its life: {@code PENDING → SUBMITTED → QUEUED → RUNNING → SUCCEEDED → STORED},
 * or one of the ends {@code FAILED}, {@code CANCELLED}, {@code EXPIRED}. A job may skip forward (a
 * fast job goes from SUBMITTED straight to SUCCEEDED) but never goes back.
 */
public enum JobState {
    PENDING,
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
            case PENDING -> next == SUBMITTED || next == FAILED || next == CANCELLED;
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
