package dev.easel.core.model;

/** A programming error: something tried to move a job along an edge the state machine lacks. */
public final class IllegalTransitionException extends IllegalStateException {

    public IllegalTransitionException(JobId job, JobState from, JobState to) {
        super("job " + job + " cannot move from " + from + " to " + to);
    }
}
