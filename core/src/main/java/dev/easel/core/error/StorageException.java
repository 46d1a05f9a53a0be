package dev.easel.core.error;

/** An image or record could not be written or read. Nothing already stored was lost. */
public final class StorageException extends EaselException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
