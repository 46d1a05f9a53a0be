package dev.easel.core.error;

/**
 * The root of every error Easel raises on purpose. Each subtype is one kind of problem a caller can
 * act on; the CLI maps them to exit codes and the web front to HTTP statuses, once, at the edge.
 */
public abstract class EaselException extends RuntimeException {

    protected EaselException(String message) {
        super(message);
    }

    protected EaselException(String message, Throwable cause) {
        super(message, cause);
    }
}
