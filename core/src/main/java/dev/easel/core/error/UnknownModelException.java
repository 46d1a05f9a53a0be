package dev.easel.core.error;

/** A model id that the catalog or the provider does not know. */
public final class UnknownModelException extends EaselException {

    public UnknownModelException(String message) {
        super(message);
    }

    public UnknownModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
