package dev.easel.core.error;

/** The provider refused a call for a reason none of the other types describe; the message carries its words. */
public final class ProviderException extends EaselException {

    public ProviderException(String message) {
        super(message);
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
