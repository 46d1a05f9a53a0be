package dev.easel.core.error;

/**
 * A submit was sent but its answer was lost (a timeout or a reset after sending, a server error), so
 * the provider may have created, and will bill, the job. Providers raise this instead of retrying;
 * the job stays journaled as {@code SUBMITTING} and is never submitted again automatically.
 */
public final class SubmissionOutcomeUnknownException extends EaselException {

    public SubmissionOutcomeUnknownException(String message) {
        super(message);
    }

    public SubmissionOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
