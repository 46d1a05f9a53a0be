package dev.easel.core.error;

/** An output URL no longer serves its file (403 or 404 on download): the provider's copy expired. */
public final class OutputExpiredException extends EaselException {

    public OutputExpiredException(String message) {
        super(message);
    }

    public OutputExpiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
