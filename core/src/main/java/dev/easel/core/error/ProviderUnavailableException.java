package dev.easel.core.error;

/** The provider could not be reached or answered with a server error. It may work later. */
public final class ProviderUnavailableException extends EaselException {

    public ProviderUnavailableException(String message) {
        super(message);
    }

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
