package dev.easel.core.error;

/** No journaled job has this Easel job id or provider request id. */
public final class JobNotFoundException extends EaselException {

    public JobNotFoundException(String message) {
        super(message);
    }

    public JobNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
