package dev.easel.core.error;

/** The provider does not know this request id: unknown, deleted or expired. */
public final class RequestNotFoundException extends EaselException {

    public RequestNotFoundException(String message) {
        super(message);
    }

    public RequestNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
