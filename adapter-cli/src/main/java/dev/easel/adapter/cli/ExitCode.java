package dev.easel.adapter.cli;

import dev.easel.core.error.AuthenticationException;
import dev.easel.core.error.ConfigurationException;
import dev.easel.core.error.InsufficientBalanceException;
import dev.easel.core.error.InvalidRequestException;
import dev.easel.core.error.JobNotFoundException;
import dev.easel.core.error.UnknownModelException;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;

/** The exit codes of DESIGN.md, and the one place errors and outcomes are mapped to them. */
public final class ExitCode {

    public static final int OK = 0;
    public static final int OTHER = 1;
    /** Invalid usage or input; nothing was submitted. */
    public static final int INVALID = 2;
    /** Authentication, account or configuration problem. */
    public static final int CONFIGURATION = 3;
    /** A job failed, was cancelled or its outputs expired. */
    public static final int JOB_FAILED = 4;
    /** A job did not finish in time; it stays journaled for {@code easel resume}. */
    public static final int TIMED_OUT = 5;

    private ExitCode() {
    }

    public static int of(Throwable error) {
        if (error instanceof InvalidRequestException || error instanceof UnknownModelException
                || error instanceof JobNotFoundException) {
            return INVALID;
        }
        if (error instanceof AuthenticationException || error instanceof ConfigurationException
                || error instanceof InsufficientBalanceException) {
            return CONFIGURATION;
        }
        return OTHER;
    }

    public static int of(Job job) {
        JobState state = job.state();
        if (state == JobState.STORED) {
            return OK;
        }
        return state.isTerminal() ? JOB_FAILED : TIMED_OUT;
    }
}
